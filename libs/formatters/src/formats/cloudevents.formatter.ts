import type { CanonicalEvent } from '@app/events';
import {
  JSON_CONTENT_TYPE,
  SERVICE_NAME,
  type DeliveryContext,
  type FormattedPayload,
  type PayloadFormatter,
  type Ping,
} from '../formatter';
import { subjectOf } from '../event-view';
import { PING_NAMES, typeNameIn } from '../type-names';

/**
 * Structured mode's media type. The parameter is spelled in lower case: parameter values are
 * case-insensitive, and the cloudevents SDK matches this spelling exactly.
 */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';
const CLOUDEVENTS_SPEC_VERSION = '1.0';

interface CloudEventAttributes {
  id: string;
  source: string;
  type: string;
  subject: string | undefined;
  time: string;
  data: unknown;
}

/**
 * `cloudevents`: CloudEvents 1.0 over HTTP, structured mode by default, binary mode when the
 * subscription asks for it. Types are `io.registry.*` (see TYPE_NAMES), `source` is the registry,
 * `subject` is `repository[:tag]` (the namespace for namespace-wide events, absent for global
 * ones), and `data` is the canonical event without the fields that became attributes.
 */
export class CloudEventsFormatter implements PayloadFormatter {
  format(event: CanonicalEvent, ctx: DeliveryContext): FormattedPayload {
    return encode(
      {
        id: event.id,
        source: event.source,
        type: typeNameIn('cloudevents', event.type),
        subject: subjectOf(event),
        time: event.occurredAt,
        data: {
          type: event.type,
          actor: event.actor,
          target: event.target,
          request: event.request,
          data: event.data,
        },
      },
      ctx,
    );
  }

  ping(ping: Ping, ctx: DeliveryContext): FormattedPayload {
    return encode(
      {
        id: ping.id,
        source: SERVICE_NAME,
        type: PING_NAMES.cloudevents,
        subject: ping.subscription.name,
        time: ping.occurredAt,
        data: { subscription: ping.subscription },
      },
      ctx,
    );
  }
}

function encode(event: CloudEventAttributes, ctx: DeliveryContext): FormattedPayload {
  const source = toUriReference(event.source);
  if (ctx.subscription.cloudEventsMode === 'binary') {
    const headers: Record<string, string> = {
      'content-type': JSON_CONTENT_TYPE,
      'ce-specversion': CLOUDEVENTS_SPEC_VERSION,
      'ce-id': toHeaderValue(event.id),
      'ce-source': toHeaderValue(source),
      'ce-type': toHeaderValue(event.type),
      'ce-time': toHeaderValue(event.time),
    };
    if (event.subject !== undefined) headers['ce-subject'] = toHeaderValue(event.subject);
    return { headers, body: JSON.stringify(event.data) };
  }
  return {
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
    body: JSON.stringify({
      specversion: CLOUDEVENTS_SPEC_VERSION,
      id: event.id,
      source,
      type: event.type,
      subject: event.subject,
      time: event.time,
      datacontenttype: JSON_CONTENT_TYPE,
      data: event.data,
    }),
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPE = /^%[0-9A-Fa-f]{2}$/;

/** Percent-encodes (as UTF-8) every character `keep` refuses; existing `%XX` escapes survive when asked. */
function percentEncode(value: string, keep: RegExp, keepEscapes: boolean): string {
  const text = value.replace(LONE_SURROGATE, '\uFFFD');
  let out = '';
  for (let i = 0; i < text.length;) {
    if (keepEscapes && ESCAPE.test(text.slice(i, i + 3))) {
      out += text.slice(i, i + 3);
      i += 3;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i) as number);
    if (keep.test(char)) out += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    i += char.length;
  }
  return out;
}

/**
 * RFC 3986 path characters (unreserved, sub-delimiters, `:`, `@`, `/`) and `%` when it starts an
 * escape. `?`, `#`, `[` and `]` are encoded too, as they are only valid in certain places.
 */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+$/;
const URI_CHARACTER = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/;

/** `source` must be a URI-reference: a registry host already is one; anything else is made one. */
export function toUriReference(value: string): string {
  return URI_REFERENCE.test(value) ? value : percentEncode(value, URI_CHARACTER, true);
}

/** Printable ASCII but space, `"` and `%` stays as-is in a binary-mode header value (HTTP binding 3.1.3.2). */
const HEADER_SAFE = /^[\x21\x23\x24\x26-\x7e]*$/;
const HEADER_CHARACTER = /^[\x21\x23\x24\x26-\x7e]$/;

export function toHeaderValue(value: string): string {
  return HEADER_SAFE.test(value) ? value : percentEncode(value, HEADER_CHARACTER, false);
}
