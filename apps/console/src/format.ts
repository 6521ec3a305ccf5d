import type { SubscriptionScope, WebhookView } from './api/types';

const TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : TIME.format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago", "in 24 hours". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const delta = Date.parse(iso) - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size || unit === 'second') return RELATIVE.format(Math.round(delta / size), unit);
  }
  return iso;
}

/** A duration in words for the rotation overlap: "24 hours", "90 minutes", "7 days". */
export function durationInWords(ms: number): string {
  for (const [unit, size] of UNITS) {
    // Up to three days reads better in hours, the way SECRET_ROTATION_OVERLAP is usually written.
    if (unit === 'day' && ms < 3 * size) continue;
    if (ms >= size && ms % size < size / 100) {
      const count = Math.round(ms / size);
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(ms / 1000)} seconds`;
}

export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const percent = rate * 100;
  return `${percent === 0 || percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

export function scopeLabel(scope: SubscriptionScope): string {
  switch (scope.type) {
    case 'global':
      return 'global';
    case 'namespace':
      return `${scope.namespace}/*`;
    case 'repository':
      return scope.tag ? `${scope.repository}:${scope.tag}` : scope.repository;
  }
}

export function targetHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export type WebhookStatus = 'enabled' | 'disabled' | 'auto-disabled';

export function webhookStatus(webhook: Pick<WebhookView, 'enabled' | 'disabledReason'>): WebhookStatus {
  if (webhook.enabled) return 'enabled';
  return webhook.disabledReason ? 'auto-disabled' : 'disabled';
}

/** Pretty-prints JSON text; any other text is returned as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The value for a datetime-local input (local time, minutes). */
export function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local input's value as an RFC 3339 date-time, or undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
