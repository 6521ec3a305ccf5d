import { JSON_RECORD_HEADERS } from '@app/events';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchEventType, stampedEvent } from './bench-events';

/** How often the producer loops decide how much to send; each decision is one produce request. */
const TICK_MS = 5;
/** Events per produce request at most (one record batch per partition: ~60 events each on 8 partitions). */
const MAX_EVENTS_PER_REQUEST = 500;

/**
 * Produces stamped events to the inbound topic the way a registry would (key = repository, acks
 * from all replicas), cycling through the given repositories: while the pipeline consumes, keeping
 * a bounded backlog, at a steady rate, or as a backlog up front.
 */
export class EventProducer {
  /** Events produced so far; also the next event's sequence number. */
  produced = 0;

  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    /** The repositories the events cycle through, one subscription each. */
    readonly repositories: readonly string[],
  ) {}

  static async connect(kafka: Kafka, topic: string, repositories: readonly string[]): Promise<EventProducer> {
    const producer = kafka.producer({
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new EventProducer(producer, topic, repositories);
  }

  /**
   * Produces `total` events (or until `signal` aborts) as fast as the pipeline takes them, keeping
   * at most `maxBacklog` of them produced but not yet received, so that the pipeline always has
   * work and the latency of the last events is not the whole backlog's. Sends only full requests,
   * as a registry under load would. `repository`: every event about that one instead of cycling
   * through the producer's.
   */
  async produceKeepingBacklog(
    total: number,
    maxBacklog: number,
    received: () => number,
    {
      signal,
      repository,
      repositoryOf,
    }: { signal?: AbortSignal; repository?: string; repositoryOf?: (sequence: number) => string } = {},
  ): Promise<void> {
    const start = this.produced;
    const end = start + total;
    const choose = repository === undefined ? repositoryOf : () => repository;
    while (this.produced < end && !signal?.aborted) {
      const room = maxBacklog - (this.produced - start - received());
      const count = Math.min(MAX_EVENTS_PER_REQUEST, end - this.produced);
      if (room >= count) await this.send(count, choose);
      else await delay(TICK_MS);
    }
  }

  /** Produces `total` events of `type` as fast as the broker takes them: a backlog to consume afterwards. */
  async produceBacklog(total: number, type: BenchEventType): Promise<void> {
    const end = this.produced + total;
    while (this.produced < end) {
      await this.send(Math.min(MAX_EVENTS_PER_REQUEST, end - this.produced), undefined, type);
    }
  }

  /**
   * Produces at a steady `perSecond` for `durationMs` (open loop: the pipeline's pace does not
   * matter), one request every TICK_MS with the events due by then.
   */
  async produceAtRate(perSecond: number, durationMs: number): Promise<void> {
    const start = performance.now();
    const first = this.produced;
    const total = Math.round((perSecond * durationMs) / 1000);
    while (this.produced < first + total) {
      const due = first + Math.min(total, Math.floor(((performance.now() - start) / 1000) * perSecond));
      const count = Math.min(due - this.produced, MAX_EVENTS_PER_REQUEST);
      if (count > 0) await this.send(count);
      await delay(TICK_MS);
    }
  }

  /** One event about `repository` (a fan-out run), stamped like the others. */
  async produceOne(repository: string): Promise<void> {
    await this.send(1, () => repository);
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  private async send(
    count: number,
    repositoryOf = (sequence: number) => this.repositories[sequence % this.repositories.length],
    type: BenchEventType = 'TAG_PUSH',
  ): Promise<void> {
    const producedAt = performance.timeOrigin + performance.now();
    const messages: Message[] = [];
    for (let i = 0; i < count; i++) {
      const sequence = this.produced + i;
      const repository = repositoryOf(sequence);
      messages.push({
        key: repository,
        value: JSON.stringify(stampedEvent(sequence, repository, producedAt, type)),
        headers: JSON_RECORD_HEADERS,
      });
    }
    this.produced += count;
    await this.producer.send({ topic: this.topic, acks: -1, messages });
  }
}
