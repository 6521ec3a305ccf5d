import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering (a slow endpoint). */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
}

export type Responder = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

/** A real HTTP endpoint on loopback that records what it receives. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private responder: Responder = () => ({ status: 200, body: 'ok' });
  private waiters: (() => void)[] = [];
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (req, res) => void receiver.handle(req, res));
    server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** Resolves once at least `count` requests arrived (optionally only those matching `filter`). */
  async waitForRequests(
    count: number,
    timeoutMs = 20_000,
    filter?: (r: ReceivedRequest) => boolean,
  ): Promise<ReceivedRequest[]> {
    const matching = () => (filter ? this.requests.filter(filter) : this.requests);
    const deadline = Date.now() + timeoutMs;
    while (matching().length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`expected ${count} requests, got ${matching().length} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return matching();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
      ),
      body: Buffer.concat(chunks).toString('utf8'),
      receivedAt: Date.now(),
    };
    const index = this.requests.push(request) - 1;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
    const reply = await this.responder(request, index);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.reset) {
      req.socket.destroy();
      return;
    }
    if (res.destroyed) return;
    res.writeHead(reply.status ?? 200, reply.headers ?? { 'content-type': 'text/plain' });
    res.end(reply.body ?? '');
  }
}
