import { KafkaSender, OutgoingRecord } from '@app/common';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';

interface Pending {
  records: readonly OutgoingRecord[];
  bytes: number;
  /** Published without linger. */
  urgent: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * How long after a send lingering records wait for others to share the next one. Attempt records
 * hold nothing back (a subscription's next delivery does not wait for them, only the commit does),
 * and few large requests cost the client and the broker much less per record than many small
 * ones: at 2,500 attempts/s, 16 requests/s instead of 80 halved the broker's CPU.
 */
const LINGER_MS = 50;
/**
 * Record bytes per produce request at most (a single larger publish goes alone). Kafka refuses a
 * partition's record batch over `message.max.bytes` (1 MB by default), and the records of one
 * busy subscription all go to one partition.
 */
const MAX_REQUEST_BYTES = 512 * 1024;
const REPUBLISH_BACKOFF_MS = [100, 250, 500, 1_000, 2_000, 5_000];

const sizeOf = (value: string | Buffer | null): number =>
  value === null ? 0 : typeof value === 'string' ? value.length : value.byteLength;

/**
 * Hands records to the KafkaSender one send at a time, at most one per LINGER_MS unless some are
 * urgent: what is published meanwhile goes out together in the next one. Deliveries
 * finish one by one, and a produce request per attempt record would cost a broker round trip each;
 * under load requests grow instead of multiplying, up to MAX_REQUEST_BYTES (the sender would put
 * everything queued into one request). Records are written in the order they were published (a
 * subscription's handed-on deliveries stay in order). `publish` resolves only once every record it
 * was given is acknowledged by all in-sync replicas, and rejects if any is not.
 */
export class KafkaPublisher {
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private inFlight = false;
  private lastSentAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private endOfTurn: NodeJS.Immediate | undefined;

  constructor(private readonly sender: Pick<KafkaSender, 'send'>) {}

  /**
   * Lingering records go out LINGER_MS after the previous send at the earliest; `linger: false`
   * sends at the end of the current turn of the event loop (or as soon as the send in flight is
   * answered), with whatever lingers: for records that hold up their consumer until acknowledged.
   */
  publish(records: readonly OutgoingRecord[], { linger = true } = {}): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const bytes = records.reduce((sum, record) => sum + sizeOf(record.value), 0);
      this.pending.push({ records, bytes, urgent: !linger, resolve, reject });
      this.pendingBytes += bytes;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight || this.pending.length === 0) return;
    if (this.pendingBytes >= MAX_REQUEST_BYTES) this.flush();
    else if (this.pending.some((p) => p.urgent)) this.endOfTurn ??= setImmediate(() => this.flush());
    else this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastSentAt + LINGER_MS - Date.now()));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.endOfTurn);
    this.endOfTurn = undefined;
    if (this.inFlight || this.pending.length === 0) return;
    let bytes = 0;
    let count = 0;
    while (
      count < this.pending.length &&
      (count === 0 || bytes + this.pending[count].bytes <= MAX_REQUEST_BYTES)
    ) {
      bytes += this.pending[count].bytes;
      count += 1;
    }
    const batch = this.pending.splice(0, count);
    this.pendingBytes -= bytes;
    this.inFlight = true;
    this.lastSentAt = Date.now();
    this.sender
      .send(batch.flatMap((p) => p.records))
      .then(
        () => batch.forEach((p) => p.resolve()),
        (error: Error) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.inFlight = false;
        this.schedule();
      });
  }
}

/**
 * Publishes records that stand for work already done (an attempt made, deliveries handed on) until
 * Kafka takes them: a failed request is sent again after a growing pause, however long Kafka is
 * unavailable. Rejects only when `signal` aborts (shutdown); the records may then be missing, and
 * the offsets of what they stand for stay uncommitted.
 */
export async function publishUntilAcknowledged(
  publish: (records: readonly OutgoingRecord[]) => Promise<void>,
  records: readonly OutgoingRecord[],
  { signal, log, what }: { signal: AbortSignal; log: Logger; what: string },
): Promise<void> {
  for (let failures = 0; ; failures += 1) {
    signal.throwIfAborted();
    try {
      await publish(records);
      return;
    } catch (error) {
      const waitMs = REPUBLISH_BACKOFF_MS[Math.min(failures, REPUBLISH_BACKOFF_MS.length - 1)];
      log.error({ err: error, waitMs, records: records.length }, `producing ${what} failed; trying again`);
      await delay(waitMs, undefined, { signal });
    }
  }
}
