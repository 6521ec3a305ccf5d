import { execFileSync } from 'node:child_process';
import { LookupAddress } from 'node:dns';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, createServer as createTcpServer, LookupFunction, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpSender, OutboundRequest } from './http-sender';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback server that records what reaches it. */
interface TestServer {
  port: number;
  url: string;
  /** TCP connections accepted so far. */
  connections: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

async function listen(server: Server, scheme: 'http' | 'https', handler: Handler): Promise<TestServer> {
  const state: TestServer = {
    port: 0,
    url: '',
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => {
    state.connections += 1;
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `${scheme}://127.0.0.1:${state.port}`;
  return state;
}

const startHttpServer = (handler: Handler): Promise<TestServer> =>
  listen(createHttpServer(), 'http', handler);

const post = (url: string, overrides: Partial<OutboundRequest> = {}): OutboundRequest => ({
  url,
  headers: { 'content-type': 'application/json' },
  body: '{"hello":"world"}',
  verifyTls: true,
  ...overrides,
});

/** A resolver that knows a fixed table of made-up names, honouring `all` as dns.lookup does. */
const fakeResolver =
  (table: Record<string, LookupAddress[]>): LookupFunction =>
  (hostname, options, callback) => {
    const addresses = table[hostname];
    if (!addresses) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    } else if (options.all) {
      callback(null, addresses);
    } else {
      callback(null, addresses[0].address, addresses[0].family);
    }
  };

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HttpSender against loopback servers (private networks allowed)', () => {
  let sender: HttpSender;
  const servers: TestServer[] = [];
  const serve = async (handler: Handler) => {
    const server = await startHttpServer(handler);
    servers.push(server);
    return server;
  };

  beforeEach(() => {
    sender = new HttpSender({
      allowPrivateNetworks: true,
      totalTimeoutMs: 5_000,
      userAgent: 'webhooks-test/1',
    });
  });
  afterEach(async () => {
    await sender.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('POSTs the request and captures status, flattened headers and body', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('x-receiver', 'ok');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'content-type': 'text/plain' }).end('accepted é');
    });

    const result = await sender.send(
      post(`${server.url}/hooks/in?tenant=7`, {
        headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      }),
    );

    expect(result.error).toBeNull();
    expect(result.response).toEqual({
      statusCode: 201,
      headers: expect.objectContaining({
        'x-receiver': 'ok',
        'set-cookie': 'a=1, b=2',
        'content-type': 'text/plain',
      }),
      body: 'accepted é',
      truncated: false,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/hooks/in?tenant=7',
      body: '{"hello":"world"}',
      headers: expect.objectContaining({
        'content-type': 'application/json',
        'webhook-id': 'msg_1',
        'user-agent': 'webhooks-test/1',
      }),
    });
  });

  it('makes GET and HEAD requests without a body, reading the response headers of a HEAD', async () => {
    const server = await serve((req, res) => {
      res.setHeader('docker-content-digest', 'sha256:abc');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(req.method === 'HEAD' ? undefined : '{"tags":[]}');
    });
    const get = await sender.request({
      method: 'GET',
      url: `${server.url}/v2/a/b/tags/list`,
      headers: {},
      verifyTls: true,
    });
    const head = await sender.request({
      method: 'HEAD',
      url: `${server.url}/v2/a/b/manifests/1`,
      headers: {},
      verifyTls: true,
    });
    expect(get.response).toMatchObject({ statusCode: 200, body: '{"tags":[]}' });
    expect(head.error).toBeNull();
    expect(head.response).toMatchObject({
      statusCode: 200,
      body: '',
      headers: { 'docker-content-digest': 'sha256:abc' },
    });
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['GET', '/v2/a/b/tags/list', ''],
      ['HEAD', '/v2/a/b/manifests/1', ''],
    ]);
  });

  it("keeps the request's own user-agent", async () => {
    const server = await serve((_req, res) => res.end());
    await sender.send(post(server.url, { headers: { 'User-Agent': 'custom/2' } }));
    expect(server.requests[0].headers['user-agent']).toBe('custom/2');
  });

  it('truncates an endless response at 16 KiB and returns promptly, dropping the connection', async () => {
    let serverSawClose = false;
    const server = await serve((_req, res) => {
      const chunk = Buffer.alloc(8_192, 'x');
      res.writeHead(200, { 'content-type': 'text/plain' });
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', pump);
      res.on('close', () => {
        serverSawClose = true;
      });
      pump();
    });

    const result = await sender.send(post(server.url));

    expect(result.error).toBeNull();
    expect(result.response?.statusCode).toBe(200);
    expect(result.response?.truncated).toBe(true);
    expect(Buffer.byteLength(result.response?.body ?? '')).toBe(16_384);
    expect(result.durationMs).toBeLessThan(2_000);
    await settle(50);
    expect(serverSawClose).toBe(true);
  });

  it('keeps a body of exactly maxResponseBytes whole and never splits a character when truncating', async () => {
    const exact = await serve((_req, res) => res.end('y'.repeat(16_384)));
    const exactResult = await sender.send(post(exact.url));
    expect(exactResult.response).toMatchObject({ truncated: false, body: 'y'.repeat(16_384) });

    // 'a' then 3-byte characters: the 16 KiB boundary falls inside one of them.
    const multiByte = await serve((_req, res) => res.end(`a${'€'.repeat(10_000)}`));
    const result = await sender.send(post(multiByte.url));
    expect(result.response?.truncated).toBe(true);
    expect(result.response?.body).toBe(`a${'€'.repeat(5_461)}`);
  });

  it("reports 'timeout' when the server never answers", async () => {
    const quick = new HttpSender({ allowPrivateNetworks: true, totalTimeoutMs: 300 });
    const server = await serve(() => undefined);
    try {
      const result = await quick.send(post(server.url));
      expect(result.response).toBeNull();
      expect(result.error?.code).toBe('timeout');
      expect(result.durationMs).toBeGreaterThanOrEqual(250);
      expect(result.durationMs).toBeLessThan(2_000);
    } finally {
      await quick.close();
    }
  });

  it("reports 'timeout' on time for a request still queued for a connection, which then never goes out", async () => {
    const quick = new HttpSender({
      allowPrivateNetworks: true,
      totalTimeoutMs: 300,
      maxConnectionsPerOrigin: 1,
    });
    const server = await serve(() => undefined);
    try {
      const [first, queued] = await Promise.all([quick.send(post(server.url)), quick.send(post(server.url))]);
      expect(first.error?.code).toBe('timeout');
      expect(queued.error?.code).toBe('timeout');
      expect(queued.durationMs).toBeLessThan(2_000);
      await settle(200);
      expect(server.requests).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });

  it('returns the status of a 1xx-preceded answer, not the informational one', async () => {
    const server = await serve((_req, res) => {
      res.writeProcessing();
      res.writeHead(201, { 'x-final': 'yes' });
      res.end('made');
    });
    const result = await sender.send(post(server.url));
    expect(result.error).toBeNull();
    expect(result.response).toMatchObject({ statusCode: 201, body: 'made', truncated: false });
    expect(result.response?.headers['x-final']).toBe('yes');
  });

  it("keeps the status but reports 'timeout' when the body stalls after the headers", async () => {
    const quick = new HttpSender({ allowPrivateNetworks: true, totalTimeoutMs: 300 });
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    try {
      const result = await quick.send(post(server.url));
      expect(result.error?.code).toBe('timeout');
      expect(result.response).toMatchObject({ statusCode: 200, body: 'partial', truncated: true });
    } finally {
      await quick.close();
    }
  });

  it("reports 'connection_refused' for a closed port", async () => {
    const server = await startHttpServer(() => undefined);
    const { url } = server;
    await server.close();

    const result = await sender.send(post(url));

    expect(result.response).toBeNull();
    expect(result.error?.code).toBe('connection_refused');
  });

  it("reports 'connection_reset' when the server drops the connection", async () => {
    const server = await serve((req) => req.socket.destroy());
    const result = await sender.send(post(server.url));
    expect(result.response).toBeNull();
    expect(result.error?.code).toBe('connection_reset');
  });

  it('returns a 302 without following it', async () => {
    const target = await serve((_req, res) => res.end('should not be reached'));
    const redirecting = await serve((_req, res) =>
      res.writeHead(302, { location: `${target.url}/elsewhere` }).end(),
    );

    const result = await sender.send(post(redirecting.url));

    expect(result.error).toBeNull();
    expect(result.response).toMatchObject({
      statusCode: 302,
      headers: expect.objectContaining({ location: `${target.url}/elsewhere` }),
    });
    expect(target.connections).toBe(0);
  });

  it('reuses one keep-alive connection for sequential sends to one origin', async () => {
    const server = await serve((_req, res) => res.end('ok'));

    const first = await sender.send(post(`${server.url}/a`));
    // undici hands a socket back to the pool one event-loop turn after the response completes
    // (client-h1 onMessageComplete: setImmediate(kResume)); a send in the same turn opens another.
    await new Promise((resolve) => setImmediate(resolve));
    const second = await sender.send(post(`${server.url}/b`));

    expect([first.response?.statusCode, second.response?.statusCode]).toEqual([200, 200]);
    expect(server.requests.map((request) => request.url)).toEqual(['/a', '/b']);
    expect(server.connections).toBe(1);
  });

  it('resolves names through the configured lookup', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const resolving = new HttpSender({
      allowPrivateNetworks: true,
      lookup: fakeResolver({ 'receiver.test': [{ address: '127.0.0.1', family: 4 }] }),
    });
    try {
      const result = await resolving.send(post(`http://receiver.test:${server.port}/`));
      expect(result.response?.statusCode).toBe(200);
      expect(server.requests[0].headers.host).toBe(`receiver.test:${server.port}`);
    } finally {
      await resolving.close();
    }
  });

  it("reports 'dns_failure' for a name that does not resolve", async () => {
    const resolving = new HttpSender({ allowPrivateNetworks: true, lookup: fakeResolver({}) });
    try {
      const result = await resolving.send(post('http://nowhere.test/'));
      expect(result.response).toBeNull();
      expect(result.error?.code).toBe('dns_failure');
    } finally {
      await resolving.close();
    }
  });

  it.each([
    ['not a url', 'not a URL'],
    ['ftp://127.0.0.1/file', 'unsupported scheme'],
    ['file:///etc/passwd', 'unsupported scheme'],
    ['http://user:pass@127.0.0.1/', 'credentials'],
  ])("reports 'invalid_url' for %s", async (url, message) => {
    const result = await sender.send(post(url));
    expect(result.response).toBeNull();
    expect(result.error).toEqual({ code: 'invalid_url', message: expect.stringContaining(message) });
  });

  it("reports 'aborted' when the caller's signal fires, and sends nothing if it already has", async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = sender.send(post(server.url), controller.signal);
    await settle(100);
    controller.abort();
    const result = await pending;
    expect(result.error?.code).toBe('aborted');
    expect(result.durationMs).toBeLessThan(2_000);

    const before = server.connections;
    const early = await sender.send(post(server.url), AbortSignal.abort());
    expect(early.error?.code).toBe('aborted');
    expect(server.connections).toBe(before);
  });

  it("resolves 'aborted' after close", async () => {
    const server = await serve((_req, res) => res.end());
    await sender.close();
    const result = await sender.send(post(server.url));
    expect(result.error?.code).toBe('aborted');
    expect(server.connections).toBe(0);
  });
});

describe('HttpSender SSRF guard', () => {
  let server: TestServer;
  let guarded: HttpSender;
  let unguarded: HttpSender;
  const lookup = fakeResolver({
    'loopback.test': [{ address: '127.0.0.1', family: 4 }],
    'mixed.test': [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ],
  });

  beforeAll(async () => {
    server = await startHttpServer((_req, res) => res.end('reached'));
  });
  beforeEach(() => {
    guarded = new HttpSender({ allowPrivateNetworks: false, lookup });
    unguarded = new HttpSender({ allowPrivateNetworks: true, lookup });
  });
  afterEach(async () => {
    await Promise.all([guarded.close(), unguarded.close()]);
  });
  afterAll(() => server.close());

  const urls = (): Array<[string, string]> => [
    [`http://127.0.0.1:${server.port}/`, '127.0.0.1'],
    [`https://127.0.0.1:${server.port}/`, '127.0.0.1'],
    [`http://10.0.0.1:${server.port}/`, '10.0.0.1'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    [`http://[::1]:${server.port}/`, '::1'],
    [`http://[::ffff:127.0.0.1]:${server.port}/`, '::ffff:7f00:1'],
    [`http://2130706433:${server.port}/`, '127.0.0.1'],
    [`http://loopback.test:${server.port}/`, '127.0.0.1'],
    [`https://loopback.test:${server.port}/`, '127.0.0.1'],
    [`http://mixed.test:${server.port}/`, '127.0.0.1'],
  ];

  it("refuses private and loopback targets with 'blocked_address' and the server receives nothing", async () => {
    const before = server.connections;
    for (const [url, address] of urls()) {
      const result = await guarded.send(post(url));
      expect({ url, response: result.response, error: result.error }).toEqual({
        url,
        response: null,
        error: { code: 'blocked_address', message: expect.stringContaining(address) },
      });
    }
    expect(server.connections).toBe(before);
  });

  it('guards every method, not only deliveries', async () => {
    const before = server.connections;
    for (const method of ['GET', 'HEAD'] as const) {
      const result = await guarded.request({
        method,
        url: `http://loopback.test:${server.port}/v2/`,
        headers: {},
        verifyTls: true,
      });
      expect(result.error).toEqual({
        code: 'blocked_address',
        message: expect.stringContaining('127.0.0.1'),
      });
    }
    expect(server.connections).toBe(before);
  });

  it("refuses 'localhost' resolved by the system resolver", async () => {
    const systemResolved = new HttpSender({ allowPrivateNetworks: false });
    const before = server.connections;
    try {
      const result = await systemResolved.send(post(`http://localhost:${server.port}/`));
      expect(result.error).toEqual({
        code: 'blocked_address',
        message: expect.stringMatching(/127\.0\.0\.1|::1/),
      });
      expect(server.connections).toBe(before);
    } finally {
      await systemResolved.close();
    }
  });

  it('lets the same loopback targets through when private networks are allowed', async () => {
    const systemResolved = new HttpSender({ allowPrivateNetworks: true });
    const before = server.connections;
    try {
      for (const [client, url] of [
        [unguarded, `http://127.0.0.1:${server.port}/`],
        [unguarded, `http://[::ffff:127.0.0.1]:${server.port}/`],
        [unguarded, `http://2130706433:${server.port}/`],
        [unguarded, `http://loopback.test:${server.port}/`],
        [systemResolved, `http://localhost:${server.port}/`],
      ] as const) {
        const result = await client.send(post(url));
        expect({ url, status: result.response?.statusCode, body: result.response?.body }).toEqual({
          url,
          status: 200,
          body: 'reached',
        });
      }
      expect(server.connections).toBeGreaterThan(before);
    } finally {
      await systemResolved.close();
    }
  });
});

describe('HttpSender TLS', () => {
  let certDir: string;
  let cert: string;
  let server: TestServer;
  let sender: HttpSender;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'delivery-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(certDir, 'key.pem'),
        '-out',
        join(certDir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(certDir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(certDir, 'key.pem'), 'utf8');
    server = await listen(createHttpsServer({ cert, key }), 'https', (_req, res) => res.end('secure'));
  });
  beforeEach(() => {
    sender = new HttpSender({ allowPrivateNetworks: true });
  });
  afterEach(() => sender.close());
  afterAll(async () => {
    await server.close();
    rmSync(certDir, { recursive: true, force: true });
  });

  it("rejects a self-signed certificate with 'tls_error' when verifying", async () => {
    const result = await sender.send(post(server.url, { verifyTls: true }));
    expect(result.response).toBeNull();
    expect(result.error?.code).toBe('tls_error');
    expect(server.requests).toHaveLength(0);
  });

  it('accepts it with verification off', async () => {
    const result = await sender.send(post(server.url, { verifyTls: false }));
    expect(result.error).toBeNull();
    expect(result.response).toMatchObject({ statusCode: 200, body: 'secure' });
  });

  it('accepts it when given as the CA, by IP and by name', async () => {
    for (const url of [server.url, `https://localhost:${server.port}`]) {
      const result = await sender.send(post(url, { verifyTls: true, caCert: cert }));
      expect({ url, error: result.error, status: result.response?.statusCode }).toEqual({
        url,
        error: null,
        status: 200,
      });
    }
  });

  it('keeps TLS configurations apart: trusting a CA for one request does not trust it for the next', async () => {
    expect((await sender.send(post(server.url, { verifyTls: true, caCert: cert }))).error).toBeNull();
    expect((await sender.send(post(server.url, { verifyTls: true }))).error?.code).toBe('tls_error');
    expect((await sender.send(post(server.url, { verifyTls: false }))).error).toBeNull();
  });

  it("reports 'tls_error' when an https URL points at a plain HTTP server", async () => {
    const plain = await startHttpServer((_req, res) => res.end());
    try {
      const result = await sender.send(post(`https://127.0.0.1:${plain.port}/`, { verifyTls: false }));
      expect(result.error?.code).toBe('tls_error');
    } finally {
      await plain.close();
    }
  });

  it("reports 'connect_timeout' when the TLS handshake never completes", async () => {
    const silent = createTcpServer(() => undefined);
    const sockets: Socket[] = [];
    silent.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const quick = new HttpSender({
      allowPrivateNetworks: true,
      connectTimeoutMs: 200,
      totalTimeoutMs: 5_000,
    });
    try {
      const result = await quick.send(post(`https://127.0.0.1:${(silent.address() as AddressInfo).port}/`));
      expect(result.response).toBeNull();
      expect(result.error?.code).toBe('connect_timeout');
      expect(result.durationMs).toBeLessThan(2_000);
    } finally {
      await quick.close();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
