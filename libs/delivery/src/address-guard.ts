import { LookupFunction } from 'node:net';
import { LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard: decides whether an IP address may be connected to.
 *
 * Policy is an allow-list: an address is allowed only when ipaddr.js classifies it as ordinary
 * `unicast`. Everything else it knows (loopback, RFC 1918 private, link-local incl. the
 * 169.254.169.254 metadata address, CGNAT 100.64/10, unspecified, multicast, broadcast,
 * reserved/documentation/benchmarking ranges, IPv6 ULA fc00::/7, fe80::/10, site-local, Teredo,
 * …) is refused. IPv6 forms that carry an IPv4 address the packets really go to — IPv4-mapped
 * ::ffff:0:0/96, SIIT ::ffff:0:0:0/96, NAT64 64:ff9b::/96 and 6to4 2002::/16 — are judged by the
 * embedded IPv4 address. The NAT64 local-use prefix 64:ff9b:1::/48 is refused outright because
 * where it embeds the IPv4 address is deployment-defined. The deprecated IPv4-compatible
 * ::/96 form is refused as well, whatever it embeds.
 */

/** Why an address is refused (the ipaddr.js range name, or our own), or undefined if allowed. */
export function blockedRangeOf(ip: string): string | undefined {
  if (!ipaddr.isValid(ip)) return 'not an IP address';
  const address = ipaddr.parse(ip);
  return address.kind() === 'ipv4'
    ? blockedIPv4Range(address as ipaddr.IPv4)
    : blockedIPv6Range(address as ipaddr.IPv6);
}

/** True when `ip` must not be connected to; an unparsable string counts as blocked. */
export function isBlockedAddress(ip: string): boolean {
  return blockedRangeOf(ip) !== undefined;
}

function blockedIPv4Range(address: ipaddr.IPv4): string | undefined {
  const range = address.range();
  return range === 'unicast' ? undefined : range;
}

const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');
const NAT64_LOCAL_USE = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');

function blockedIPv6Range(address: ipaddr.IPv6): string | undefined {
  if (address.match(IPV4_COMPATIBLE)) {
    const range = address.range();
    return range === 'unicast' ? 'ipv4Compatible' : range;
  }
  if (address.match(NAT64_LOCAL_USE)) return 'rfc8215';
  const range: string = address.range();
  const embedded = embeddedIPv4(address, range);
  if (embedded) {
    const embeddedRange = blockedIPv4Range(embedded);
    return embeddedRange === undefined ? undefined : `${range} of ${embeddedRange} ${embedded.toString()}`;
  }
  return range === 'unicast' ? undefined : range;
}

function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return ipv4FromParts(parts[6], parts[7]);
    case '6to4':
      return ipv4FromParts(parts[1], parts[2]);
    default:
      return undefined;
  }
}

function ipv4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** Raised from inside the connection's DNS lookup when a resolved address is refused. */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';

  constructor(
    readonly address: string,
    readonly range: string,
    readonly hostname?: string,
  ) {
    super(
      hostname === undefined
        ? `refused to connect to ${address} (${range})`
        : `refused to connect to ${address} (${range}), resolved from ${hostname}`,
    );
    this.name = 'BlockedAddressError';
  }
}

/**
 * Wraps a DNS lookup so that the addresses the socket is about to connect to are checked. Node
 * calls this from net/tls.connect, so the checked address is the one connected to (no
 * time-of-check/time-of-use gap, no DNS rebinding). When a name resolves to several addresses
 * the connection is refused if any of them is blocked: Node may try each of them (Happy
 * Eyeballs), and a name that mixes public and private addresses is suspicious in itself.
 */
export function guardedLookup(resolve: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, resolved) => {
      if (err) {
        callback(err, []);
        return;
      }
      const addresses: LookupAddress[] = Array.isArray(resolved)
        ? resolved
        : [{ address: resolved, family: ipaddr.parse(resolved).kind() === 'ipv4' ? 4 : 6 }];
      if (addresses.length === 0) {
        callback(
          Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }),
          [],
        );
        return;
      }
      for (const { address } of addresses) {
        const range = blockedRangeOf(address);
        if (range !== undefined) {
          callback(new BlockedAddressError(address, range, hostname), []);
          return;
        }
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
