import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { parseStamp, STAMP_PREFIX } from './bench-events';

/** One request as the load receiver keeps it: times only, so a long run stays small. */
export interface Arrival {
  receivedAt: number;
  /** From the stamped event id in the body; NaN when the body carries no stamp. */
  producedAt: number;
  /** The event's sequence number in its run; -1 when unstamped. */
  sequence: number;
}

/**
 * The loopback endpoint of the throughput and latency runs. Unlike the system tests' Receiver it
 * keeps no headers or bodies: it answers 200 as soon as the body is read and notes when the event
 * was produced (stamped into its id by bench-events.ts) and when it arrived. It runs in the bench
 * process; its share of the CPU is reported with every figure, to show it was not the limit.
 */
export class LoadReceiver {
  arrivals: Arrival[] = [];
  private seen = new Set<number>();
  private duplicateCount = 0;
  private readonly sockets = new Set<Socket>();

  /** Aborted to answer at once what a slow receiver holds, and whatever comes after. */
  private readonly hurry = new AbortController();

  private constructor(
    private readonly server: Server,
    private readonly answerAfterMs: number,
  ) {}

  /** `answerAfterMs`: a slow endpoint, which answers each request that long after it was read. */
  static async start({ answerAfterMs = 0 } = {}): Promise<LoadReceiver> {
    const server = createServer({ keepAliveTimeout: 60_000 });
    const receiver = new LoadReceiver(server, answerAfterMs);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => receiver.handle(req, res));
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

  /** Requests received since the last reset, duplicates included. */
  get count(): number {
    return this.arrivals.length;
  }

  /** Distinct stamped events received since the last reset. */
  get distinct(): number {
    return this.seen.size;
  }

  /** Stamped events received more than once (at-least-once delivery may redeliver). */
  get duplicates(): number {
    return this.duplicateCount;
  }

  reset(): void {
    this.arrivals = [];
    this.seen = new Set();
    this.duplicateCount = 0;
  }

  /** Resolves once `count` requests arrived since the last reset; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs: number): Promise<void> {
    return this.waitUntil(
      () => this.count >= count,
      timeoutMs,
      () => `${this.count} of ${count} requests`,
    );
  }

  /** Resolves once `count` distinct stamped events arrived since the last reset; rejects after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs: number): Promise<void> {
    return this.waitUntil(
      () => this.distinct >= count,
      timeoutMs,
      () => `${this.distinct} of ${count} events`,
    );
  }

  /** From now on answers at once, the requests held so far included. */
  answerAtOnce(): void {
    this.hurry.abort();
  }

  async close(): Promise<void> {
    this.hurry.abort();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async waitUntil(done: () => boolean, timeoutMs: number, progress: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`the receiver got ${progress()} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const receivedAt = performance.timeOrigin + performance.now();
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const at = body.indexOf(STAMP_PREFIX);
      const stamp =
        at === -1 ? undefined : parseStamp(body.toString('latin1', at, Math.min(at + 80, body.length)));
      if (stamp) {
        if (this.seen.has(stamp.sequence)) this.duplicateCount++;
        else this.seen.add(stamp.sequence);
      }
      this.arrivals.push({
        receivedAt,
        producedAt: stamp?.producedAt ?? NaN,
        sequence: stamp?.sequence ?? -1,
      });
      const answer = (): void => {
        res.writeHead(200, { 'content-length': '0' });
        res.end();
      };
      if (this.answerAfterMs === 0 || this.hurry.signal.aborted) answer();
      else {
        const onHurry = (): void => {
          clearTimeout(timer);
          answer();
        };
        const timer = setTimeout(() => {
          this.hurry.signal.removeEventListener('abort', onHurry);
          answer();
        }, this.answerAfterMs);
        this.hurry.signal.addEventListener('abort', onHurry, { once: true });
      }
    });
  }
}
