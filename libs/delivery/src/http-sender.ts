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
  private readonly targets = new Map<string, Target | { error: DeliveryError }>();
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
    const target = this.targetOf(request.url);
    if ('error' in target) return result(null, target.error);
    if (signal?.aborted) return result(null, { code: 'aborted', message: 'aborted before sending' });

    const exchange = await new Promise<Exchange>((resolve) => {
      const settled = new Exchange(this.maxResponseBytes, this.totalTimeoutMs, signal, resolve);
      try {
        this.agentFor(request).dispatch(
          {
            origin: target.origin,
            path: target.path,
            method: request.method,
            headers: this.headersFor(request),
            body: request.body,
          },
          settled,
        );
      } catch (err) {
        settled.onResponseError(undefined, err as Error);
      }
    });
    const { statusCode, headers, interruptedBy, failure } = exchange;
    const error =
      interruptedBy === 'timeout'
        ? { code: 'timeout' as const, message: `no complete response within ${this.totalTimeoutMs} ms` }
        : interruptedBy === 'caller'
          ? { code: 'aborted' as const, message: 'aborted by caller' }
          : failure === undefined
            ? null
            : describeError(failure, this.connectTimeoutMs);
    if (headers === undefined) return result(null, error);
    const kept = truncateUtf8(exchange.bodyText(), this.maxResponseBytes);
    return result(
      {
        statusCode,
        headers,
        body: kept.text,
        truncated: kept.truncated || exchange.overLimit || error !== null,
      },
      error,
    );
  }

  /** Closes every pooled connection once in-flight requests finish; later sends resolve 'aborted'. */
  async close(): Promise<void> {
    this.closed = true;
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.close()));
  }

  private headersFor(request: HttpRequest): Record<string, string> {
    if (request.headers['user-agent'] !== undefined) return request.headers;
    const hasUserAgent = Object.keys(request.headers).some((name) => name.toLowerCase() === 'user-agent');
    return hasUserAgent ? request.headers : { ...request.headers, 'user-agent': this.userAgent };
  }

  /** The URL parsed and checked once per distinct URL: a dispatcher sends to few, many times each. */
  private targetOf(url: string): Target | { error: DeliveryError } {
    let target = this.targets.get(url);
    if (target === undefined) {
      target = parseTarget(url);
      if (!('error' in target) && !this.options.allowPrivateNetworks) {
        const refusal = refuseBlockedLiteral(target.hostname);
        if (refusal) target = { error: refusal };
      }
      if (this.targets.size >= MAX_CACHED_TARGETS) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
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

/** Where a request goes, as undici's dispatch takes it. */
interface Target {
  origin: string;
  path: string;
  hostname: string;
}

/** Parsed URLs kept per sender; beyond this many the cache starts over. */
const MAX_CACHED_TARGETS = 10_000;

function parseTarget(raw: string): Target | { error: DeliveryError } {
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
  return { origin: url.origin, path: `${url.pathname}${url.search}`, hostname: url.hostname };
}

/** Node connects to an IP-literal host without calling lookup, so literals are checked here. */
function refuseBlockedLiteral(hostname: string): DeliveryError | undefined {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (isIP(host) === 0) return undefined;
  const range = blockedRangeOf(host);
  return range === undefined
    ? undefined
    : { code: 'blocked_address', message: new BlockedAddressError(host, range).message };
}

/**
 * One exchange through undici's dispatch API, collecting the response: no response stream and no
 * AbortController per request, which undici's `request` would create. Settles once: at the end of
 * the response, on an error, past `maxResponseBytes`, or when interrupted (the request is then
 * aborted, at once or as soon as undici starts it).
 */
class Exchange implements Dispatcher.DispatchHandler {
  statusCode = 0;
  /** Set once the status line and headers of the final (non-1xx) response arrived. */
  headers?: Record<string, string>;
  interruptedBy?: 'timeout' | 'caller';
  failure?: Error;
  /** More than maxResponseBytes arrived: the body kept is cut, the connection dropped. */
  overLimit = false;
  private controller?: Dispatcher.DispatchController;
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly stopWaiting?: () => void;

  constructor(
    private readonly maxResponseBytes: number,
    totalTimeoutMs: number,
    signal: AbortSignal | undefined,
    private readonly resolve: (exchange: Exchange) => void,
  ) {
    this.timer = setTimeout(() => this.interrupt('timeout'), totalTimeoutMs);
    if (signal) this.stopWaiting = whenAborted(signal, () => this.interrupt('caller'));
  }

  bodyText(): string {
    if (this.chunks.length === 0) return '';
    return (this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)).toString('utf8');
  }

  interrupt(by: 'timeout' | 'caller'): void {
    if (this.settled) return;
    this.interruptedBy = by;
    this.settle();
    this.controller?.abort(new Error(`interrupted: ${by}`));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new Error('interrupted before it started'));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: ResponseHeaders,
  ): void {
    if (statusCode < 200 || this.settled) return;
    this.statusCode = statusCode;
    this.headers = flattenHeaders(headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.chunks.push(chunk);
    this.received += chunk.length;
    // One byte past the limit proves there is more; stop reading and drop the connection.
    if (this.received > this.maxResponseBytes) {
      this.overLimit = true;
      this.settle();
      controller.abort(new Error('response body over the limit'));
    }
  }

  onResponseEnd(): void {
    this.settle();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.settled) return;
    this.failure = error;
    this.settle();
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.stopWaiting?.();
    this.resolve(this);
  }
}

/** Response headers as undici parses them: lower-case names, repeated ones as arrays. */
type ResponseHeaders = Record<string, string | string[] | undefined>;

function flattenHeaders(headers: ResponseHeaders): Record<string, string> {
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
