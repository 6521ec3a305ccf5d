import type { CanonicalEvent, RequestInfo } from '@app/events';
import { isFamily, requestOf } from '../event-view';
import { jsonPayload, type FormattedPayload, type PayloadFormatter, type Ping } from '../formatter';
import { hasNativeName, PING_NAMES, typeNameIn } from '../type-names';

/** ACR's event object (Azure Container Registry webhook reference). */
interface AcrEvent {
  id: string;
  timestamp: string;
  action: string;
  target?: AcrTarget;
  request?: Omit<RequestInfo, 'addr'>;
  /** Only for types ACR has no action for: our `data`, so nothing is lost. */
  data?: unknown;
}

interface AcrTarget {
  mediaType?: string;
  size?: number;
  digest?: string;
  length?: number;
  repository?: string;
  tag?: string;
  name?: string;
  version?: string;
}

/** ACR's media type for Helm charts in chart events. */
export const ACR_HELM_CHART_MEDIA_TYPE = 'application/vnd.acr.helm.chart';

/**
 * `acr`: one ACR event object per request, no envelope. `push` and `delete` carry the request;
 * chart events carry the chart name and version and no request. Other types use our name as the
 * action, the target ACR would print, the request when the registry sent one, and our `data`.
 */
export class AcrFormatter implements PayloadFormatter {
  format(event: CanonicalEvent): FormattedPayload {
    return jsonPayload(acrEvent(event));
  }

  ping(ping: Ping): FormattedPayload {
    const payload: AcrEvent = { id: ping.id, timestamp: ping.occurredAt, action: PING_NAMES.acr };
    return jsonPayload(payload);
  }
}

function acrEvent(event: CanonicalEvent): AcrEvent {
  const action = typeNameIn('acr', event.type);
  const native = hasNativeName('acr', event.type);
  const chart = action === 'chart_push' || action === 'chart_delete';
  return {
    id: event.id,
    timestamp: event.occurredAt,
    action,
    target: acrTarget(event, action),
    request: chart || (!native && event.request === undefined) ? undefined : acrRequest(event),
    data: native ? undefined : event.data,
  };
}

/** Chart events name the chart; `delete` carries the reduced target; everything else the push target. */
function acrTarget(event: CanonicalEvent, action: string): AcrTarget | undefined {
  const target = event.target;
  if (target === undefined) return undefined;
  if (action === 'delete')
    return { mediaType: target.mediaType, digest: target.digest, repository: target.repository };
  if (isFamily(event, 'chart') && (action === 'chart_push' || action === 'chart_delete')) {
    const { name, version } = event.data.chart;
    return {
      mediaType: ACR_HELM_CHART_MEDIA_TYPE,
      size: target.size,
      digest: target.digest,
      repository: target.repository,
      tag: `${name}-${version}.tgz`,
      name,
      version,
    };
  }
  return {
    mediaType: target.mediaType,
    size: target.size,
    digest: target.digest,
    length: target.size,
    repository: target.repository,
    tag: target.tag,
  };
}

function acrRequest(event: CanonicalEvent): Omit<RequestInfo, 'addr'> {
  const { id, host, method, useragent } = requestOf(event);
  return { id, host, method, useragent };
}
