import type { CanonicalEvent, RequestInfo } from '@app/events';
import { isFamily, requestOf } from '../event-view';
import { SERVICE_NAME, type FormattedPayload, type PayloadFormatter, type Ping } from '../formatter';
import { hasNativeName, PING_NAMES, typeNameIn } from '../type-names';

/** What CNCF Distribution (v3) sends: one event per request, in an envelope. */
export const DISTRIBUTION_CONTENT_TYPE = 'application/vnd.docker.distribution.events.v2+json';

interface DistributionEvent {
  id: string;
  timestamp: string;
  action: string;
  target?: DistributionTarget;
  request?: Required<RequestInfo>;
  actor?: { name?: string };
  source?: { addr: string; instanceID: string };
  /** Only for types Distribution has no action for: our `data`, so nothing is lost. */
  data?: unknown;
}

interface DistributionTarget {
  mediaType?: string;
  digest?: string;
  size?: number;
  length?: number;
  repository?: string;
  fromRepository?: string;
  url?: string;
  tag?: string;
  references?: string[];
}

/**
 * `distribution`: CNCF Distribution's notification envelope `{"events": [event]}`. `target.url`
 * is the manifest's registry API URL (https), `source.addr` the registry host and
 * `source.instanceID` this service's name. Deletes carry Distribution's reduced target. Types
 * Distribution has no action for use our name, the full target (a promotion's source repository
 * as `fromRepository`) and our `data`.
 */
export class DistributionFormatter implements PayloadFormatter {
  format(event: CanonicalEvent): FormattedPayload {
    return envelope(distributionEvent(event));
  }

  ping(ping: Ping): FormattedPayload {
    return envelope({ id: ping.id, timestamp: ping.occurredAt, action: PING_NAMES.distribution });
  }
}

function envelope(event: DistributionEvent): FormattedPayload {
  return {
    headers: { 'content-type': DISTRIBUTION_CONTENT_TYPE },
    body: JSON.stringify({ events: [event] }),
  };
}

function distributionEvent(event: CanonicalEvent): DistributionEvent {
  const action = typeNameIn('distribution', event.type);
  const request = requestOf(event);
  const target = event.target;
  const repository = target?.repository;
  const digest = target?.digest;
  return {
    id: event.id,
    timestamp: event.occurredAt,
    action,
    target:
      action === 'delete'
        ? { mediaType: target?.mediaType, digest, repository, tag: target?.tag }
        : target && {
            mediaType: target.mediaType,
            digest,
            size: target.size,
            length: target.size,
            repository,
            fromRepository: isFamily(event, 'artifact') ? event.data.promotion?.sourceRepository : undefined,
            url:
              repository === undefined || digest === undefined
                ? undefined
                : `https://${request.host}/v2/${repository}/manifests/${digest}`,
            tag: target.tag,
            references: isFamily(event, 'artifact') ? event.data.references : undefined,
          },
    request,
    actor: event.actor === undefined ? {} : { name: event.actor.name },
    source: { addr: event.source, instanceID: SERVICE_NAME },
    data: hasNativeName('distribution', event.type) ? undefined : event.data,
  };
}
