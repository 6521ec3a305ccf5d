import type { AttemptView } from './api/types';

/** POSIX shell single-quoting: safe for any text, newlines included. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The attempt's request as a curl command. Headers the delivery log redacted stay "[redacted]":
 * put the real value in before running it. Redirects are not followed, as in a delivery.
 */
export function curlCommand(request: AttemptView['request']): string {
  const lines = [`curl -X POST ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  lines.push(`  --data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n');
}
