import type {
  CallerView,
  CreateWebhookDto,
  EventType,
  Format,
  PreviewWebhookDto,
  SubscriptionScope,
  TargetType,
  UpdateWebhookDto,
  WebhookView,
} from './api/types';

/** The New / edit webhook form's fields as the inputs hold them. */
export interface WebhookForm {
  name: string;
  description: string;
  scopeType: SubscriptionScope['type'];
  namespace: string;
  repository: string;
  tag: string;
  events: EventType[];
  targetType: TargetType;
  url: string;
  /** One `Name: value` per line. */
  headers: string;
  /** Empty keeps the stored value when editing. */
  authorization: string;
  removeAuthorization: boolean;
  verifyTls: boolean;
  caCert: string;
  format: Format;
  cloudEventsMode: 'structured' | 'binary';
  /** Comma-separated durations; empty = the service's default schedule. */
  retry: string;
  ordered: boolean;
  enabled: boolean;
}

export const FORMATS: readonly Format[] = ['default', 'cloudevents', 'harbor', 'dtr', 'acr', 'distribution'];
export const TARGET_TYPES: readonly TargetType[] = ['http', 'slack', 'teams', 'discord'];
/** The delivery log and webhook views show credential-like header values as this. */
export const REDACTED = '[redacted]';

export function emptyForm(caller: CallerView): WebhookForm {
  const repository = caller.repositories[0] ?? '';
  return {
    name: '',
    description: '',
    scopeType:
      caller.admin || repository !== '' || caller.namespaces.length === 0 ? 'repository' : 'namespace',
    namespace: caller.namespaces[0] ?? '',
    repository,
    tag: '',
    events: [],
    targetType: 'http',
    url: '',
    headers: '',
    authorization: '',
    removeAuthorization: false,
    verifyTls: true,
    caCert: '',
    format: 'default',
    cloudEventsMode: 'structured',
    retry: '',
    ordered: false,
    enabled: true,
  };
}

export function headersText(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

export function formFromWebhook(webhook: WebhookView): WebhookForm {
  const { scope, target } = webhook;
  return {
    name: webhook.name,
    description: webhook.description ?? '',
    scopeType: scope.type,
    namespace: scope.type === 'namespace' ? scope.namespace : '',
    repository: scope.type === 'repository' ? scope.repository : '',
    tag: scope.type === 'repository' ? (scope.tag ?? '') : '',
    events: [...webhook.events],
    targetType: target.type,
    url: target.url,
    headers: headersText(target.headers),
    authorization: '',
    removeAuthorization: false,
    verifyTls: target.verifyTls,
    caCert: target.caCert ?? '',
    format: webhook.format,
    cloudEventsMode: webhook.cloudEventsMode ?? 'structured',
    retry: webhook.retry?.schedule.join(', ') ?? '',
    ordered: webhook.ordered,
    enabled: webhook.enabled,
  };
}

/** Thrown for input the form can tell is wrong before asking the API; `field` is the input's name. */
export class FormError extends Error {
  constructor(
    readonly field: keyof WebhookForm,
    message: string,
  ) {
    super(message);
  }
}

export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new FormError('headers', `Headers line ${index + 1} must be "Name: value"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function scopeOf(form: WebhookForm): SubscriptionScope {
  switch (form.scopeType) {
    case 'global':
      return { type: 'global' };
    case 'namespace':
      return { type: 'namespace', namespace: form.namespace.trim() };
    case 'repository':
      return form.tag.trim() === ''
        ? { type: 'repository', repository: form.repository.trim() }
        : { type: 'repository', repository: form.repository.trim(), tag: form.tag.trim() };
  }
}

function retryOf(form: WebhookForm): { schedule: string[] } | null {
  const schedule = form.retry
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return schedule.length === 0 ? null : { schedule };
}

const isChat = (form: WebhookForm) => form.targetType !== 'http';

export function createBody(form: WebhookForm): CreateWebhookDto {
  return {
    name: form.name.trim(),
    description: form.description.trim() === '' ? null : form.description,
    scope: scopeOf(form),
    events: form.events,
    target: {
      type: form.targetType,
      url: form.url.trim(),
      headers: parseHeaders(form.headers),
      ...(form.authorization === '' ? {} : { authorization: form.authorization }),
      verifyTls: form.verifyTls,
      caCert: form.caCert.trim() === '' ? null : form.caCert,
    },
    ...(isChat(form) ? {} : { format: form.format }),
    cloudEventsMode: !isChat(form) && form.format === 'cloudevents' ? form.cloudEventsMode : null,
    retry: retryOf(form),
    ordered: form.ordered,
    enabled: form.enabled,
  };
}

/**
 * A PATCH of every field, except the Authorization value (masked when read: sent only when typed
 * or removed) and the headers (sent only when changed, since credential values read as
 * [redacted] and must be typed again to be kept).
 */
export function patchBody(form: WebhookForm, original: WebhookView): UpdateWebhookDto {
  const { target, ...rest } = createBody(form);
  const headersChanged = form.headers.trim() !== headersText(original.target.headers).trim();
  if (headersChanged) {
    const stillRedacted = Object.entries(target.headers ?? {}).find(([, value]) => value === REDACTED);
    if (stillRedacted) {
      throw new FormError(
        'headers',
        `Type the value of ${stillRedacted[0]} again: it is shown as ${REDACTED}`,
      );
    }
  }
  const { headers, authorization, ...kept } = target;
  return {
    ...rest,
    target: {
      ...kept,
      ...(headersChanged ? { headers } : {}),
      ...(form.removeAuthorization
        ? { authorization: null }
        : authorization === undefined
          ? {}
          : { authorization }),
    },
  };
}

/** What the live preview sends: only what shapes the request, so a half-filled form still previews. */
export function previewBody(form: WebhookForm, eventType: EventType): PreviewWebhookDto {
  let headers: Record<string, string> = {};
  try {
    headers = parseHeaders(form.headers);
  } catch {
    // shown at the Headers field; the preview goes on without them
  }
  const url = form.url.trim();
  return {
    eventType,
    draft: {
      target: {
        type: form.targetType,
        ...(url === '' ? {} : { url }),
        headers,
        ...(form.authorization === '' ? {} : { authorization: form.authorization }),
      },
      ...(isChat(form) ? {} : { format: form.format }),
      ...(!isChat(form) && form.format === 'cloudevents' ? { cloudEventsMode: form.cloudEventsMode } : {}),
    },
  };
}

/** The form field an API message such as "target.url must …" is about, to mark it invalid. */
export function fieldOfMessage(message: string): keyof WebhookForm | undefined {
  const path = /^([a-zA-Z.]+)/.exec(message)?.[1] ?? '';
  const fields: [string, keyof WebhookForm][] = [
    ['target.url', 'url'],
    ['target.headers', 'headers'],
    ['target.authorization', 'authorization'],
    ['target.caCert', 'caCert'],
    ['target.type', 'targetType'],
    ['retry', 'retry'],
    ['scope', 'repository'],
    ['events', 'events'],
    ['name', 'name'],
    ['description', 'description'],
    ['format', 'format'],
  ];
  return fields.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
}
