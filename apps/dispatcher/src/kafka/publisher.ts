import { KafkaSender, OutgoingRecord } from '@app/common';

interface Pending {
  records: readonly OutgoingRecord[];
  resolve: () => void;
  reject: (error: Error) => void;
}

const LINGER_MS = 5;
const MAX_RECORDS_PER_REQUEST = 1_000;

/**
 * Gathers the records published within a few milliseconds into one send: deliveries finish one by
 * one, and one produce request per attempt record would cost a broker round trip each. `publish`
 * resolves only once every record it was given is acknowledged by all in-sync replicas, and rejects
 * if any is not (after kafkajs's own retries).
 */
export class KafkaPublisher {
  private pending: Pending[] = [];
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private endOfTurn: NodeJS.Immediate | undefined;

  constructor(private readonly sender: KafkaSender) {}

  /**
   * `linger: false` sends at the end of the current turn of the event loop instead of a few
   * milliseconds later: for records that are a batch already and hold up their consumer until
   * acknowledged (the inbound fan-out). The batches of one fetch, handled concurrently, then still
   * share one request.
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
    this.sender.send(batch.flatMap((p) => p.records)).then(
      () => batch.forEach((p) => p.resolve()),
      (error: Error) => batch.forEach((p) => p.reject(error)),
    );
  }
}
