import { blockedRangeOf } from '@app/delivery';
import { isIP } from 'node:net';

/**
 * Why delivery would refuse a target URL whose host is a literal IP address (loopback, private,
 * link-local, metadata, …), as the rest of "target.url must not …"; undefined for a public address
 * or a name. Names are resolved and checked at delivery, on the address actually connected to;
 * this only turns the certain refusals into an answer at the time the webhook is written.
 */
export function blockedTargetProblem(url: string): string | undefined {
  const host = new URL(url).hostname;
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(address) === 0) return undefined;
  const range = blockedRangeOf(address);
  if (range === undefined) return undefined;
  return (
    ` must not point at ${address} (${range}): loopback, private, link-local and metadata addresses are ` +
    'refused unless the service allows private networks (DELIVERY_ALLOW_PRIVATE_NETWORKS)'
  );
}
