import { JsonObject, parseJsonObject } from '../validation/json-object';
import { MAX_INBOUND_BYTES } from '../validation/validate-event';
import { adaptAcr } from './acr.adapter';
import { adaptDistribution } from './distribution.adapter';
import { adaptDockerHub } from './dockerhub.adapter';
import { adaptHarbor } from './harbor.adapter';
import { AdaptResult, NativeNotification } from './notification';
import { adaptQuay } from './quay.adapter';
import { IngestSource } from './sources';

type Adapter = (body: JsonObject, notification: NativeNotification) => AdaptResult;

const ADAPTERS: Readonly<Record<IngestSource, Adapter>> = {
  distribution: adaptDistribution,
  harbor: adaptHarbor,
  acr: adaptAcr,
  dockerhub: adaptDockerHub,
  quay: adaptQuay,
};

/**
 * A native notification of `source` → canonical events. Pure and total: any bytes give either the
 * events (and what was acknowledged without forwarding) or the problems, each naming the place in
 * the body (a JSON pointer) and what is wrong there.
 */
export function adaptNotification(
  source: IngestSource,
  notification: NativeNotification,
  maxBytes = MAX_INBOUND_BYTES,
): AdaptResult {
  const parsed = parseJsonObject(notification.body, 'body', maxBytes);
  if (!parsed.ok) return parsed;
  return ADAPTERS[source](parsed.value, notification);
}
