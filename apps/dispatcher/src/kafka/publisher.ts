import { IHeaders, Message, Producer } from 'kafkajs';

export interface OutgoingRecord {
  topic: string;
  key: string | null;
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

  constructor(private readonly producer: Producer) {}

  /**
   * `immediately` sends at once (with whatever else is pending) instead of lingering: for records
   * that are a batch already and hold up their consumer until acknowledged (the inbound fan-out).
   */
  publish(records: readonly OutgoingRecord[], { immediately = false } = {}): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.pendingCount += records.length;
      if (immediately || this.pendingCount >= MAX_RECORDS_PER_REQUEST) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), LINGER_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
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
    this.producer.sendBatch({ acks: -1, topicMessages }).then(
      () => batch.forEach((p) => p.resolve()),
      (error: Error) => batch.forEach((p) => p.reject(error)),
    );
  }
}
