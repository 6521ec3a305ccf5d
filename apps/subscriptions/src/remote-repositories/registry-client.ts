import { HttpRequest, SendResult } from '@app/delivery';
import { Digest } from '@app/events';
import { createHash } from 'node:crypto';
import { RegistryCredentials } from './credentials-cipher';

/** The outbound side the client needs: libs/delivery's HttpSender (SSRF guard, timeouts). */
export interface HttpClient {
  request(request: HttpRequest): Promise<SendResult>;
}

/** Why a registry could not be read; recorded on the watch. */
export type RegistryErrorKind = 'unauthorized' | 'not_found' | 'unreachable' | 'bad_response';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface TagDigest {
  tag: string;
  digest: string;
  mediaType?: string;
}

/** Asked for on HEAD so the registry answers with the digest of the manifest as pushed (an index stays an index). */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const DIGEST = new RegExp(Digest.pattern!);
const MAX_PAGES = 1_000;

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a/b:pull"`. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header ?? '');
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of match[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[key.toLowerCase()] = quoted === undefined ? bare : quoted.replace(/\\(.)/g, '$1');
  }
  return { scheme: match[1].toLowerCase(), params };
}

/** The `rel="next"` target of a Link header, resolved against the page it came with. */
export function nextLink(header: string | undefined, base: string): string | undefined {
  const match = /<([^>]+)>\s*;[^,]*\brel="?next"?/i.exec(header ?? '');
  return match ? new URL(match[1], base).toString() : undefined;
}

/**
 * Reads a repository of an OCI distribution registry: its tags (`GET /v2/<name>/tags/list`,
 * following `Link` pagination) and each tag's manifest digest (`HEAD /v2/<name>/manifests/<tag>`,
 * `Docker-Content-Digest`). Answers a Basic challenge with the user and password, and a Bearer
 * challenge by fetching a token from its realm (anonymously without credentials); a `{token}`
 * credential is sent as the bearer token itself.
 */
export class RegistryClient {
  private authorization?: string;

  constructor(
    private readonly http: HttpClient,
    private readonly origin: string,
    private readonly credentials?: RegistryCredentials,
    private readonly options: { pageSize?: number; verifyTls?: boolean } = {},
  ) {
    if (credentials !== undefined && 'token' in credentials)
      this.authorization = `Bearer ${credentials.token}`;
  }

  async tags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    let url: string | undefined =
      `${this.origin}/v2/${repository}/tags/list?n=${this.options.pageSize ?? 100}`;
    while (url !== undefined) {
      if (seen.has(url) || seen.size >= MAX_PAGES)
        throw new RegistryError('bad_response', `tag list pages loop at ${url}`);
      if (new URL(url).origin !== this.origin)
        throw new RegistryError(
          'bad_response',
          `tag list continues on another origin (${new URL(url).origin})`,
        );
      seen.add(url);
      const response = await this.send('GET', url, repository, { accept: 'application/json' });
      tags.push(...tagsOf(response.body, url));
      url = nextLink(response.headers.link, url);
    }
    return [...new Set(tags)];
  }

  async digest(repository: string, tag: string): Promise<TagDigest> {
    const url = `${this.origin}/v2/${repository}/manifests/${encodeURIComponent(tag)}`;
    const head = await this.send('HEAD', url, repository, { accept: MANIFEST_TYPES });
    const mediaType = head.headers['content-type']?.split(';')[0].trim() || undefined;
    const digest = head.headers['docker-content-digest']?.trim();
    if (digest !== undefined && DIGEST.test(digest)) return { tag, digest, mediaType };
    // A registry that does not name the digest: it is the sha256 of the manifest as served.
    const get = await this.send('GET', url, repository, { accept: MANIFEST_TYPES });
    return { tag, digest: `sha256:${createHash('sha256').update(get.body).digest('hex')}`, mediaType };
  }

  private async send(
    method: 'GET' | 'HEAD',
    url: string,
    repository: string,
    headers: Record<string, string>,
  ): Promise<{ body: string; headers: Record<string, string> }> {
    let result = await this.exchange(method, url, headers);
    if (result.response?.statusCode === 401) {
      const authorization = await this.answer(
        parseChallenge(result.response.headers['www-authenticate']),
        repository,
      );
      if (authorization !== undefined) {
        this.authorization = authorization;
        result = await this.exchange(method, url, headers);
      }
    }
    const { response, error } = result;
    if (response === null)
      throw new RegistryError(
        'unreachable',
        `${new URL(url).host} unreachable: ${error?.code}: ${error?.message}`,
      );
    const { statusCode } = response;
    if (statusCode === 401 || statusCode === 403)
      throw new RegistryError(
        'unauthorized',
        `${statusCode} from ${url}: the credentials were refused${detail(response.body)}`,
        statusCode,
      );
    if (statusCode === 404)
      throw new RegistryError(
        'not_found',
        `404 from ${url}: no such repository or tag${detail(response.body)}`,
        statusCode,
      );
    if (statusCode < 200 || statusCode >= 300)
      throw new RegistryError(
        'bad_response',
        `${statusCode} from ${url}${detail(response.body)}`,
        statusCode,
      );
    if (error !== null || response.truncated)
      throw new RegistryError(
        'bad_response',
        `incomplete response from ${url}${error ? `: ${error.message}` : ''}`,
      );
    return { body: response.body, headers: response.headers };
  }

  private exchange(
    method: 'GET' | 'HEAD',
    url: string,
    headers: Record<string, string>,
  ): Promise<SendResult> {
    return this.http.request({
      method,
      url,
      headers: this.authorization === undefined ? headers : { ...headers, authorization: this.authorization },
      verifyTls: this.options.verifyTls ?? true,
    });
  }

  /** The Authorization a challenge asks for, or undefined when we have nothing it would take. */
  private async answer(challenge: Challenge | undefined, repository: string): Promise<string | undefined> {
    const credentials = this.credentials;
    const basic =
      credentials !== undefined && 'username' in credentials
        ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
        : undefined;
    if (challenge?.scheme === 'basic') return basic === this.authorization ? undefined : basic;
    if (challenge?.scheme !== 'bearer' || challenge.params.realm === undefined) return undefined;
    if (credentials !== undefined && 'token' in credentials) return undefined;
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
    } catch {
      throw new RegistryError(
        'bad_response',
        `the token realm ${JSON.stringify(challenge.params.realm)} is not a URL`,
      );
    }
    if (challenge.params.service !== undefined) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope ?? `repository:${repository}:pull`);
    const result = await this.http.request({
      method: 'GET',
      url: realm.toString(),
      headers:
        basic === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', authorization: basic },
      verifyTls: this.options.verifyTls ?? true,
    });
    const response = result.response;
    if (response === null)
      throw new RegistryError(
        'unreachable',
        `token service ${realm.host} unreachable: ${result.error?.message}`,
      );
    if (response.statusCode === 401 || response.statusCode === 403)
      throw new RegistryError(
        'unauthorized',
        `${response.statusCode} from the token service ${realm.host}: the credentials were refused`,
        response.statusCode,
      );
    if (response.statusCode !== 200)
      throw new RegistryError(
        'bad_response',
        `${response.statusCode} from the token service ${realm.host}`,
        response.statusCode,
      );
    const token = tokenOf(response.body);
    if (token === undefined)
      throw new RegistryError('bad_response', `the token service ${realm.host} sent no token`);
    return `Bearer ${token}`;
  }
}

function tagsOf(body: string, url: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new RegistryError('bad_response', `${url} did not answer JSON`);
  }
  const tags = (parsed as { tags?: unknown } | null)?.tags;
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string'))
    throw new RegistryError('bad_response', `${url} did not answer {"tags": [...]}`);
  return tags;
}

function tokenOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { token?: unknown; access_token?: unknown };
    const token = parsed.token ?? parsed.access_token;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** The registry's own error message (`{"errors":[{"message":…}]}`), briefly. */
function detail(body: string): string {
  try {
    const message = (JSON.parse(body) as { errors?: { message?: unknown }[] }).errors?.[0]?.message;
    return typeof message === 'string' ? ` (${message.slice(0, 200)})` : '';
  } catch {
    return '';
  }
}
