import { CompressionTypes, IHeaders, Message, Producer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';

export interface OutgoingRecord {
  topic: string;
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

interface Pending {
  records: readonly OutgoingRecord[];
  resolve: () => void;
  reject: (error: Error) => void;
}

const LINGER_MS = 5;
const MAX_RECORDS_PER_REQUEST = 1_000;
const REPUBLISH_BACKOFF_MS = [100, 250, 500, 1_000, 2_000, 5_000];

/**
 * Produces records with acks=all, gathering the records published within a few milliseconds into
 * one `sendBatch` request: deliveries finish one by one, and one produce request per attempt record
 * would cost a broker round trip each. `publish` resolves only once every record it was given is
 * acknowledged by all in-sync replicas, and rejects if any is not (after kafkajs's own retries).
 */
export class KafkaPublisher {
  private pending: Pending[] = [];
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private endOfTurn: NodeJS.Immediate | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly compression = CompressionTypes.None,
  ) {}

  /**
   * `linger: false` sends at the end of the current turn of the event loop instead of a few
   * milliseconds later: for records that are a batch already and hold up their consumer until
   * acknowledged (the inbound fan-out). The batches of one fetch, handled concurrently, then still
   * share one request, and the deliveries topic gets one record batch per partition for them, not
   * one per inbound batch (the dev broker returns one record batch per partition per fetch).
   */
  publish(records: readonly OutgoingRecord[], { linger = true } = {}): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.pendingCount += records.length;
      if (this.pendingCount >= MAX_RECORDS_PER_REQUEST) this.flush();
      else if (!linger) this.endOfTurn ??= setImmediate(() => this.flush());
      else this.timer ??= setTimeout(() => this.flush(), LINGER_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.endOfTurn);
    this.endOfTurn = undefined;
    const batch = this.pending;
    this.pending = [];
    this.pendingCount = 0;
    if (batch.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const { records } of batch) {
      for (const { topic, key, value, headers } of records) {
        let messages = byTopic.get(topic);
        if (!messages) byTopic.set(topic, (messages = []));
        messages.push({ key, value, headers });
      }
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    this.producer.sendBatch({ acks: -1, compression: this.compression, topicMessages }).then(
      () => batch.forEach((p) => p.resolve()),
      (error: Error) => batch.forEach((p) => p.reject(error)),
    );
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
