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
 * After a request that failed or left records unsent, the next one goes out on a new producer (a
 * new producer id): kafkajs hands a failed batch's sequence numbers back, and if the broker had
 * written that batch after all, a later batch of the same partition under those numbers would be
 * dropped as a duplicate (lost) or refused as out of order for ever (seen when the whole cluster
 * restarts mid-stream). Under a new id the numbering starts afresh; what is sent again may be
 * written twice (at least once), never lost.
 *
 * One request is in flight at a time and carries every record queued while the previous one was
 * out: under load requests grow instead of multiplying.
 */
export class KafkaSender {
  private producer: Producer;
  private connecting?: Promise<void>;
  private renew = false;
  private readonly assigned = new WeakMap<Message, number>();
  private readonly log: Logger;
  private queue: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaSenderOptions,
  ) {
    this.log = options.logger.child({ component: 'kafka-sender' });
    this.producer = this.newProducer();
  }

  /** Connects the producer; sends connect it too, so a sender started while Kafka is away catches up. */
  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    this.connecting = undefined;
    await this.producer.disconnect();
  }

  /**
   * Resolves once every record is acknowledged by all in-sync replicas; rejects when a request fails
   * (Kafka refuses the records, or kafkajs's retries give up, as they do while no broker answers).
   */
  send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      void this.pump();
    });
  }

  private newProducer(): Producer {
    const createPartitioner = this.options.createPartitioner ?? Partitioners.DefaultPartitioner;
    return this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: this.options.idempotent,
      // Retries of a failing request keep its sequence numbers, so they never duplicate; kafkajs
      // still gives up when it cannot reach any broker.
      ...(this.options.idempotent
        ? { retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 } }
        : {}),
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

  /** A new producer (and producer id) for the next request, after one that failed or left records unsent. */
  private async renewProducer(): Promise<void> {
    this.renew = false;
    const old = this.producer;
    this.producer = this.newProducer();
    this.connecting = undefined;
    await old.disconnect().catch(() => undefined);
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
          this.renew = true;
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
      if (this.renew) await this.renewProducer();
      await this.connect();
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
      this.renew = true;
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
