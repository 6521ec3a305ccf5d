import { HttpSender } from '@app/delivery';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { nextLink, parseChallenge, RegistryClient, RegistryError } from './registry-client';

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

/** A loopback HTTP server standing in for a registry and its token service. */
async function serve(
  handler: Handler,
): Promise<{ origin: string; requests: IncomingMessage[]; close(): Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    handler(request, response, new URL(request.url ?? '/', 'http://registry.test'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const json = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

const ALL_TAGS = ['1.0', '1.1', '2.0', 'latest', 'rc'];
const digestOf = (tag: string) => `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0')}`;

/** Distribution's tags/list with `n` and `last`, and HEAD of manifests; `authorized` decides 401s. */
function registryHandler(authorized: (request: IncomingMessage) => boolean, challenge: string): Handler {
  return (request, response, url) => {
    if (!authorized(request))
      return json(
        response,
        401,
        { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
        { 'www-authenticate': challenge },
      );
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    if (tags) {
      if (tags[1] !== 'team/app')
        return json(response, 404, {
          errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
        });
      const n = Number(url.searchParams.get('n') ?? 1000);
      const last = url.searchParams.get('last');
      const rest = ALL_TAGS.filter((tag) => last === null || tag > last);
      const page = rest.slice(0, n);
      const link: Record<string, string> =
        rest.length > n ? { link: `</v2/team/app/tags/list?last=${page.at(-1)}&n=${n}>; rel="next"` } : {};
      return json(response, 200, { name: 'team/app', tags: page }, link);
    }
    const manifest = /^\/v2\/team\/app\/manifests\/(.+)$/.exec(url.pathname);
    if (manifest && request.method === 'HEAD') {
      return response
        .writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'docker-content-digest': digestOf(decodeURIComponent(manifest[1])),
        })
        .end();
    }
    json(response, 404, {});
  };
}

describe('RegistryClient', () => {
  const http = new HttpSender({ allowPrivateNetworks: true, totalTimeoutMs: 5_000 });
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => Promise.all(servers.splice(0).map((server) => server.close())));
  afterAll(() => http.close());

  it('follows Link pagination and reads each digest, answering a Bearer challenge with a token from the realm', async () => {
    const auth = await serve((request, response, url) => {
      const basic = `Basic ${Buffer.from('alice:secret').toString('base64')}`;
      if (request.headers.authorization !== basic) return json(response, 401, {});
      expect(url.searchParams.get('service')).toBe('registry.test');
      expect(url.searchParams.get('scope')).toBe('repository:team/app:pull');
      json(response, 200, { token: 'issued-token' });
    });
    servers.push(auth);
    const registry = await serve(
      registryHandler(
        (request) => request.headers.authorization === 'Bearer issued-token',
        `Bearer realm="${auth.origin}/token",service="registry.test",scope="repository:team/app:pull"`,
      ),
    );
    servers.push(registry);
    const withRealm = new RegistryClient(
      http,
      registry.origin,
      { username: 'alice', password: 'secret' },
      { pageSize: 2 },
    );
    expect(await withRealm.tags('team/app')).toEqual(ALL_TAGS);
    const pages = registry.requests.filter((r) => r.url?.includes('tags/list')).map((r) => r.url);
    expect(pages).toEqual([
      '/v2/team/app/tags/list?n=2',
      '/v2/team/app/tags/list?n=2',
      '/v2/team/app/tags/list?last=1.1&n=2',
      '/v2/team/app/tags/list?last=latest&n=2',
    ]);
    expect(await withRealm.digest('team/app', 'rc')).toEqual({
      tag: 'rc',
      digest: digestOf('rc'),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    });
    // One token for the whole sync: only the first request was challenged.
    expect(auth.requests).toHaveLength(1);
  });

  it('asks the realm anonymously without credentials', async () => {
    const auth = await serve((request, response) =>
      request.headers.authorization === undefined
        ? json(response, 200, { access_token: 'anonymous' })
        : json(response, 400, {}),
    );
    servers.push(auth);
    const registry = await serve(
      registryHandler(
        (request) => request.headers.authorization === 'Bearer anonymous',
        `Bearer realm="${auth.origin}/token"`,
      ),
    );
    servers.push(registry);
    expect(await new RegistryClient(http, registry.origin).tags('team/app')).toEqual(ALL_TAGS);
  });

  it('answers a Basic challenge with the user and password, and reports refused ones as unauthorized', async () => {
    const basic = `Basic ${Buffer.from('alice:secret').toString('base64')}`;
    const registry = await serve(
      registryHandler((request) => request.headers.authorization === basic, 'Basic realm="test"'),
    );
    servers.push(registry);
    expect(
      await new RegistryClient(http, registry.origin, { username: 'alice', password: 'secret' }).tags(
        'team/app',
      ),
    ).toEqual(ALL_TAGS);
    const wrong = new RegistryClient(http, registry.origin, { username: 'alice', password: 'wrong' });
    await expect(wrong.tags('team/app')).rejects.toMatchObject({ kind: 'unauthorized', statusCode: 401 });
    await expect(new RegistryClient(http, registry.origin).tags('team/app')).rejects.toThrow(
      /401 from .*: the credentials were refused \(authentication required\)/,
    );
  });

  it('sends a token credential as the bearer token', async () => {
    const registry = await serve(
      registryHandler((request) => request.headers.authorization === 'Bearer pat-123', 'Bearer realm="x"'),
    );
    servers.push(registry);
    expect(await new RegistryClient(http, registry.origin, { token: 'pat-123' }).tags('team/app')).toEqual(
      ALL_TAGS,
    );
  });

  it('reports an unknown repository as not_found and a closed port as unreachable', async () => {
    const registry = await serve(registryHandler(() => true, ''));
    servers.push(registry);
    await expect(new RegistryClient(http, registry.origin).tags('team/other')).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringMatching(/repository name not known to registry/),
    });
    await registry.close();
    servers.pop();
    const error = await new RegistryClient(http, registry.origin)
      .tags('team/app')
      .catch((e: RegistryError) => e);
    expect(error).toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(/connection_refused/),
    });
  });

  it('refuses a Link to another origin, and goes through the SSRF guard', async () => {
    const registry = await serve((_request, response) =>
      json(
        response,
        200,
        { tags: ['a'] },
        { link: '<https://elsewhere.example.com/v2/x/tags/list?last=a>; rel="next"' },
      ),
    );
    servers.push(registry);
    await expect(new RegistryClient(http, registry.origin).tags('team/app')).rejects.toThrow(
      /another origin/,
    );
    const guarded = new HttpSender({ allowPrivateNetworks: false });
    try {
      await expect(new RegistryClient(guarded, registry.origin).tags('team/app')).rejects.toMatchObject({
        kind: 'unreachable',
        message: expect.stringMatching(/blocked_address/),
      });
    } finally {
      await guarded.close();
    }
  });
});

describe('challenge and Link parsing', () => {
  it('reads Bearer and Basic challenges', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull',
      },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(parseChallenge(undefined)).toBeUndefined();
  });

  it('resolves the next page against the current one', () => {
    expect(
      nextLink('</v2/a/b/tags/list?last=x&n=2>; rel="next"', 'https://r.example.com/v2/a/b/tags/list?n=2'),
    ).toBe('https://r.example.com/v2/a/b/tags/list?last=x&n=2');
    expect(nextLink(undefined, 'https://r.example.com/')).toBeUndefined();
    expect(nextLink('<https://r.example.com/x>; rel="prev"', 'https://r.example.com/')).toBeUndefined();
  });
});
