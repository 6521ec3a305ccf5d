import {
  CompressionTypes,
  ICustomPartitioner,
  IHeaders,
  Kafka,
  Message,
  Partitioners,
  Producer,
} from 'kafkajs';
import { Logger } from 'pino';

/** One record to produce. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

export interface KafkaSenderOptions {
  /** KAFKA_IDEMPOTENT: off only for a broker without idempotence. */
  idempotent: boolean;
  logger: Logger;
  /** Default: the Java client's murmur2 choice, so a key lands where a registry's producer puts it. */
  createPartitioner?: ICustomPartitioner;
  compression?: CompressionTypes;
}

interface Waiting {
  records: readonly OutgoingRecord[];
  resolve: () => void;
  reject: (error: Error) => void;
}

/** How often the records of partitions left unsent are sent again before the send fails. */
const MAX_RESENDS = 20;

/**
 * The one way our apps produce: acks from all in-sync replicas, idempotent unless KAFKA_IDEMPOTENT is
 * false, topics never created as a side effect (the apps provision theirs), and a send that resolves
 * only once every one of its records is acknowledged.
 *
 * That last part is not kafkajs's: its sendBatch keeps one answer per broker, and when a
 * partition's leader moves during a send to a broker that has already answered, it resolves without
 * ever sending that partition's records (seen when a broker is SIGKILLed under load). So the
 * partition each record was given is noted, every partition is looked for in the answer, and the
 * records of those missing are sent again before anything else.
 *
 * One request is in flight at a time and carries every record queued while the previous one was
 * out: under load requests grow instead of multiplying. It also keeps the idempotent producer sound,
 * since kafkajs hands a failed batch's sequence numbers back for its retry, and a concurrent request
 * to the same partition could otherwise take them.
 */
export class KafkaSender {
  readonly producer: Producer;
  private readonly assigned = new WeakMap<Message, number>();
  private readonly log: Logger;
  private queue: Waiting[] = [];
  private sending = false;

  constructor(
    kafka: Kafka,
    private readonly options: KafkaSenderOptions,
  ) {
    this.log = options.logger.child({ component: 'kafka-sender' });
    const createPartitioner = options.createPartitioner ?? Partitioners.DefaultPartitioner;
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: options.idempotent,
      // An idempotent producer must not give a failed batch's sequence numbers to another batch, which
      // its own retries guarantee and a send that gave up would not: it retries until Kafka takes it.
      ...(options.idempotent ? { retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 } } : {}),
      createPartitioner: () => {
        const partitionerOf = createPartitioner();
        return (args) => {
          const partition = partitionerOf(args);
          this.assigned.set(args.message, partition);
          return partition;
        };
      },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /**
   * Resolves once every record is acknowledged by all in-sync replicas. Rejects when Kafka refuses
   * the records for good (too large, not authorized), and, unless idempotent, once kafkajs's retries
   * of a failing request are spent; an idempotent sender waits through an outage instead.
   */
  send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.sendAll(batch.flatMap((w) => w.records));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error as Error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private async sendAll(records: readonly OutgoingRecord[]): Promise<void> {
    let unsent = records.map(({ topic, key, value, headers }) => ({
      topic,
      message: { key, value, headers } as Message,
    }));
    for (let resends = 0; ; resends += 1) {
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of unsent) {
        let messages = byTopic.get(topic);
        if (!messages) byTopic.set(topic, (messages = []));
        messages.push(message);
      }
      const answered = await this.producer.sendBatch({
        acks: -1,
        compression: this.options.compression,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      const acknowledged = new Set(answered.map((r) => `${r.partition}|${r.topicName}`));
      unsent = unsent.filter(
        ({ topic, message }) => !acknowledged.has(`${this.assigned.get(message)}|${topic}`),
      );
      if (unsent.length === 0) return;
      if (resends >= MAX_RESENDS) {
        throw new Error(`${unsent.length} records were still not acknowledged after ${MAX_RESENDS} resends`);
      }
      this.log.warn(
        { records: unsent.length },
        'kafkajs left records unsent after a leader change; sending them again',
      );
    }
  }
}
