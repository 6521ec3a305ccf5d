import { createHash } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, Dispatcher } from 'undici';
import { whenAborted } from './abort-listeners';
import { BlockedAddressError, blockedRangeOf, guardedLookup } from './address-guard';
import { truncateUtf8 } from './redaction';

/**
 * Why a delivery got no (complete) response.
 * - `invalid_url`: the URL does not parse, is not http:/https:, or carries credentials.
 * - `blocked_address`: the SSRF guard refused the address (IP literal or resolved name).
 * - `dns_failure`: the host name did not resolve (ENOTFOUND, EAI_AGAIN, …).
 * - `connect_timeout`: no TCP connection (and, for https, no TLS handshake) within connectTimeoutMs.
 * - `connection_refused`: the host answered the connection attempt with a reset (ECONNREFUSED).
 * - `connection_reset`: the peer reset or closed the connection before the response was complete.
 * - `timeout`: the whole exchange (headers and body) took longer than totalTimeoutMs.
 * - `tls_error`: TLS handshake or certificate verification failed.
 * - `network_error`: anything else below HTTP (unreachable network, invalid header value, …).
 * - `aborted`: the caller's AbortSignal fired, or the sender was closed.
 */
export type DeliveryErrorCode =
  | 'invalid_url'
  | 'blocked_address'
  | 'dns_failure'
  | 'connect_timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'timeout'
  | 'tls_error'
  | 'network_error'
  | 'aborted';

export interface HttpSenderOptions {
  /** Skip the SSRF guard (DELIVERY_ALLOW_PRIVATE_NETWORKS); for local development and tests. */
  allowPrivateNetworks: boolean;
  /** TCP connect plus TLS handshake. Default 5000. */
  connectTimeoutMs?: number;
  /** From sending the request to the last response byte. Default 15000. */
  totalTimeoutMs?: number;
  /** Response body bytes kept; the rest is discarded and the connection closed. Default 16384. */
  maxResponseBytes?: number;
  /** Keep-alive connections per origin and TLS configuration. Default 16. */
  maxConnectionsPerOrigin?: number;
  /** Sent unless the request has its own `user-agent` header. */
  userAgent?: string;
  /** DNS resolution used by connections; default dns.lookup. */
  lookup?: LookupFunction;
}

/** A webhook delivery: always a POST. */
export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  verifyTls: boolean;
  /** PEM; trusted in addition to the public roots. Ignored when verifyTls is false. */
  caCert?: string;
}

/** Any other outbound call made under the same guard and timeouts (the remote-repository poller's GET and HEAD). */
export interface HttpRequest extends Omit<OutboundRequest, 'body'> {
  method: 'GET' | 'HEAD' | 'POST';
  body?: string;
}

export interface DeliveryResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** The body recorded is not the whole body: it exceeded maxResponseBytes or reading it failed. */
  truncated: boolean;
}

export interface DeliveryError {
  code: DeliveryErrorCode;
  message: string;
}

/**
 * `response` is set once the status line and headers arrived; `error` is set when the exchange
 * failed. Both are set when the body could not be read to the end (timeout, reset): the status
 * is still the receiver's answer.
 */
export interface SendResult {
  response: DeliveryResponse | null;
  error: DeliveryError | null;
  durationMs: number;
}

/** The defaults of the settings the apps expose (DELIVERY_CONNECT_TIMEOUT, DELIVERY_TIMEOUT, DELIVERY_MAX_CONNECTIONS_PER_ORIGIN). */
export const HTTP_SENDER_DEFAULTS = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 15_000,
  maxConnectionsPerOrigin: 16,
} as const;
const DEFAULT_MAX_RESPONSE_BYTES = 16_384;
const DEFAULT_USER_AGENT = 'registry-webhooks';

/** The DELIVERY_* settings both apps read (validated at boot by each app's config). */
export interface DeliverySettings {
  DELIVERY_ALLOW_PRIVATE_NETWORKS: boolean;
  DELIVERY_CONNECT_TIMEOUT: number;
  DELIVERY_TIMEOUT: number;
  DELIVERY_MAX_CONNECTIONS_PER_ORIGIN: number;
}

type TlsConfiguration = { verify: false } | { verify: true; caCert?: string };

/**
 * Delivers webhook POSTs (`send`) and makes the other outbound calls (`request`). One undici Agent
 * per TLS configuration (verify, no verify, each distinct CA), each pooling keep-alive connections
 * per origin. Neither throws for a network problem: every outcome is a SendResult.
 */
export class HttpSender {
  private readonly agents = new Map<string, Agent>();
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxConnectionsPerOrigin: number;
  private readonly userAgent: string;
  private readonly lookup: LookupFunction;
  private closed = false;

  /** The sender of an app's deliveries (the dispatcher's) or pings (the subscriptions app's). */
  static fromSettings(settings: DeliverySettings): HttpSender {
    return new HttpSender({
      allowPrivateNetworks: settings.DELIVERY_ALLOW_PRIVATE_NETWORKS,
      connectTimeoutMs: settings.DELIVERY_CONNECT_TIMEOUT,
      totalTimeoutMs: settings.DELIVERY_TIMEOUT,
      maxConnectionsPerOrigin: settings.DELIVERY_MAX_CONNECTIONS_PER_ORIGIN,
    });
  }

  constructor(private readonly options: HttpSenderOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? HTTP_SENDER_DEFAULTS.connectTimeoutMs;
    this.totalTimeoutMs = options.totalTimeoutMs ?? HTTP_SENDER_DEFAULTS.totalTimeoutMs;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxConnectionsPerOrigin =
      options.maxConnectionsPerOrigin ?? HTTP_SENDER_DEFAULTS.maxConnectionsPerOrigin;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    const resolve = options.lookup ?? dnsLookup;
    this.lookup = options.allowPrivateNetworks ? resolve : guardedLookup(resolve);
  }

  send(request: OutboundRequest, signal?: AbortSignal): Promise<SendResult> {
    return this.request({ ...request, method: 'POST' }, signal);
  }

  async request(request: HttpRequest, signal?: AbortSignal): Promise<SendResult> {
    const startedAt = performance.now();
    const result = (response: DeliveryResponse | null, error: DeliveryError | null): SendResult => ({
      response,
      error,
      durationMs: Math.round(performance.now() - startedAt),
    });

    if (this.closed) return result(null, { code: 'aborted', message: 'sender is closed' });
    const target = parseTarget(request.url);
    if ('error' in target) return result(null, target.error);
    if (!this.options.allowPrivateNetworks) {
      const refusal = refuseBlockedLiteral(target.url);
      if (refusal) return result(null, refusal);
    }
    if (signal?.aborted) return result(null, { code: 'aborted', message: 'aborted before sending' });

    const controller = new AbortController();
    let abortedBy: 'timeout' | 'caller' | undefined;
    const timer = setTimeout(() => {
      abortedBy = 'timeout';
      controller.abort();
    }, this.totalTimeoutMs);
    const onCallerAbort = (): void => {
      abortedBy = 'caller';
      controller.abort();
    };
    const stopWaiting = signal ? whenAborted(signal, onCallerAbort) : undefined;
    const toDeliveryError = (err: unknown): DeliveryError => {
      if (abortedBy === 'timeout')
        return { code: 'timeout', message: `no complete response within ${this.totalTimeoutMs} ms` };
      if (abortedBy === 'caller') return { code: 'aborted', message: 'aborted by caller' };
      return describeError(err, this.connectTimeoutMs);
    };

    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await this.agentFor(request).request({
          origin: target.url.origin,
          path: `${target.url.pathname}${target.url.search}`,
          method: request.method,
          headers: this.headersFor(request),
          body: request.body,
          signal: controller.signal,
        });
      } catch (err) {
        return result(null, toDeliveryError(err));
      }
      const { statusCode, headers, body } = response;
      const chunks: Buffer[] = [];
      let received = 0;
      let bodyError: DeliveryError | null = null;
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          chunks.push(chunk);
          received += chunk.length;
          // One byte past the limit proves there is more; stop reading and drop the connection.
          if (received > this.maxResponseBytes) break;
        }
      } catch (err) {
        bodyError = toDeliveryError(err);
      } finally {
        body.destroy();
      }
      const kept = truncateUtf8(Buffer.concat(chunks).toString('utf8'), this.maxResponseBytes);
      return result(
        {
          statusCode,
          headers: flattenHeaders(headers),
          body: kept.text,
          truncated: kept.truncated || received > this.maxResponseBytes || bodyError !== null,
        },
        bodyError,
      );
    } finally {
      clearTimeout(timer);
      stopWaiting?.();
    }
  }

  /** Closes every pooled connection once in-flight requests finish; later sends resolve 'aborted'. */
  async close(): Promise<void> {
    this.closed = true;
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.close()));
  }

  private headersFor(request: HttpRequest): Record<string, string> {
    const hasUserAgent = Object.keys(request.headers).some((name) => name.toLowerCase() === 'user-agent');
    return hasUserAgent ? request.headers : { ...request.headers, 'user-agent': this.userAgent };
  }

  private agentFor(request: HttpRequest): Agent {
    const tls: TlsConfiguration = request.verifyTls
      ? { verify: true, caCert: request.caCert }
      : { verify: false };
    const key = !tls.verify ? 'no-verify' : tls.caCert === undefined ? 'verify' : `ca:${sha256(tls.caCert)}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        connections: this.maxConnectionsPerOrigin,
        connect: {
          timeout: this.connectTimeoutMs,
          lookup: this.lookup,
          rejectUnauthorized: tls.verify,
          // `ca` replaces Node's trust store, so keep the public roots and add the given CA.
          ...(tls.verify && tls.caCert !== undefined ? { ca: [...rootCertificates, tls.caCert] } : {}),
        },
      });
      this.agents.set(key, agent);
    }
    return agent;
  }
}

function parseTarget(raw: string): { url: URL } | { error: DeliveryError } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: { code: 'invalid_url', message: `not a URL: ${raw}` } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      error: { code: 'invalid_url', message: `unsupported scheme ${url.protocol} (only http: and https:)` },
    };
  }
  // Credentials in the URL would be dropped by undici and end up in attempt records; refuse them.
  if (url.username !== '' || url.password !== '') {
    return {
      error: {
        code: 'invalid_url',
        message: 'credentials in the URL are not supported; use the authorization header',
      },
    };
  }
  return { url };
}

/** Node connects to an IP-literal host without calling lookup, so literals are checked here. */
function refuseBlockedLiteral(url: URL): DeliveryError | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) === 0) return undefined;
  const range = blockedRangeOf(host);
  return range === undefined
    ? undefined
    : { code: 'blocked_address', message: new BlockedAddressError(host, range).message };
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const DNS_FAILURE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'ENODATA',
]);
const CONNECTION_RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** OpenSSL certificate-verification codes as Node reports them, plus Node's and OpenSSL's own prefixes. */
const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);
const TLS_CODE_PREFIXES = ['ERR_TLS_', 'ERR_SSL_', 'ERR_OSSL_'];

function describeError(err: unknown, connectTimeoutMs: number): DeliveryError {
  if (err instanceof BlockedAddressError) return { code: 'blocked_address', message: err.message };
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return { code: 'connect_timeout', message: `not connected within ${connectTimeoutMs} ms` };
  if (code === 'ECONNREFUSED') return { code: 'connection_refused', message };
  if (DNS_FAILURE_CODES.has(code)) return { code: 'dns_failure', message };
  if (CONNECTION_RESET_CODES.has(code)) return { code: 'connection_reset', message };
  if (TIMEOUT_CODES.has(code)) return { code: 'timeout', message };
  if (TLS_VERIFY_CODES.has(code) || TLS_CODE_PREFIXES.some((prefix) => code.startsWith(prefix))) {
    return { code: 'tls_error', message };
  }
  return { code: 'network_error', message: code === '' ? message : `${code}: ${message}` };
}

function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return '';
}
