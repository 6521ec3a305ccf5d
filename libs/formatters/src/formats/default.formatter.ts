import type { CanonicalEvent } from '@app/events';
import {
  jsonPayload,
  SERVICE_NAME,
  type FormattedPayload,
  type PayloadFormatter,
  type Ping,
} from '../formatter';
import { PING_NAMES } from '../type-names';

/** `default`: the canonical event exactly as it travels on the inbound topic. */
export class DefaultFormatter implements PayloadFormatter {
  format(event: CanonicalEvent): FormattedPayload {
    return jsonPayload(event);
  }

  /** A minimal canonical-shaped event of type PING naming the subscription. */
  ping(ping: Ping): FormattedPayload {
    return jsonPayload({
      specversion: '1',
      id: ping.id,
      type: PING_NAMES.default,
      occurredAt: ping.occurredAt,
      source: SERVICE_NAME,
      data: { subscription: ping.subscription },
    });
  }
}
