import { KafkaSender } from '@app/common';
import { Consumer, EachMessagePayload, IHeaders, Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { randomUUID } from 'node:crypto';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: number;
  /** value parsed as JSON, null for a tombstone or non-JSON bytes */
  json: unknown;
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

function parseJson(value: Buffer | null): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
}

/** How long a crashed collector waits before it starts a fresh consumer. */
const RESTART_DELAY_MS = 1_000;
/** How long `stop` waits for a start in progress and for the disconnect (both retry while Kafka is down). */
const STOP_TIMEOUT_MS = 5_000;

/** Resolves when `promise` settles or `ms` have passed, whichever is first; leaves no timer behind. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([promise.then(noop, noop), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const noop = (): void => undefined;

/**
 * Reads a topic from the beginning with its own group and keeps every message once.
 *
 * It survives broker outages and still stops for good: kafkajs's own restart after a crash is off
 * (its restart timer and a start in progress outlive a `disconnect` that comes at the wrong moment,
 * and the revived consumer then keeps jest from exiting). Instead a crash starts a fresh consumer
 * after RESTART_DELAY_MS, each step of a start checks whether the collector was stopped meanwhile,
 * and `stop` resolves within about twice STOP_TIMEOUT_MS whatever the broker does.
 */
export class TopicCollector {
  readonly messages: ConsumedMessage[] = [];
  /** partition:offset of every kept message: a consumer restarted after a crash reads the topic again. */
  private readonly seen = new Set<string>();
  private consumer?: Consumer;
  private starting: Promise<void> = Promise.resolve();
  private restartTimer?: NodeJS.Timeout;
  private stopping = false;
  private stopped?: Promise<void>;

  private constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  /** Resolves once its consumer runs (joined its group, or crashed and restarting); rejects if it cannot connect. */
  static async start(kafka: Kafka, topic: string): Promise<TopicCollector> {
    const collector = new TopicCollector(kafka, topic);
    collector.starting = collector.run();
    try {
      await collector.starting;
    } catch (error) {
      await collector.stop();
      throw error;
    }
    return collector;
  }

  /** Resolves with the matching messages once there are at least `count` of them. */
  async waitFor(
    count: number,
    timeoutMs = 20_000,
    filter?: (m: ConsumedMessage) => boolean,
  ): Promise<ConsumedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = filter ? this.messages.filter(filter) : this.messages;
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} messages, got ${matching.length} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Leaves the group and ends every retry; never rejects and resolves even while the broker is down. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      clearTimeout(this.restartTimer);
      // A start in progress sees `stopping` after its current step and disconnects its consumer.
      await settledWithin(this.starting, STOP_TIMEOUT_MS);
      if (this.consumer) await settledWithin(this.consumer.disconnect(), STOP_TIMEOUT_MS);
    })();
    return this.stopped;
  }

  /** Connects a fresh consumer and runs it; disconnects it instead when the collector was stopped meanwhile. */
  private async run(): Promise<void> {
    const consumer = this.kafka.consumer({
      // A group of its own each time: a crashed member's group would hold a new member's join until
      // the crashed one's session expires (30 s); re-reading from the beginning costs little.
      groupId: `test-collector-${randomUUID()}`,
      maxWaitTimeInMs: 100,
      // kafkajs's default for consumers, without its restart: the CRASH listener restarts instead.
      retry: { retries: 5, restartOnFailure: () => Promise.resolve(false) },
    });
    this.consumer = consumer;
    // kafkajs emits CRASH once the crashed consumer is disconnected.
    consumer.on(consumer.events.CRASH, () => this.scheduleRestart());
    const steps = [
      () => consumer.connect(),
      () => consumer.subscribe({ topic: this.topic, fromBeginning: true }),
      () => consumer.run({ eachMessage: async (payload) => this.keep(payload) }),
    ];
    try {
      for (const step of steps) {
        if (this.stopping) break;
        await step();
      }
    } finally {
      if (this.stopping) await consumer.disconnect().catch(noop);
    }
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.starting = this.run().catch(async () => {
        await this.consumer?.disconnect().catch(noop);
        this.scheduleRestart();
      });
    }, RESTART_DELAY_MS);
  }

  private keep({ topic, partition, message }: EachMessagePayload): void {
    const position = `${partition}:${message.offset}`;
    if (this.seen.has(position)) return;
    this.seen.add(position);
    this.messages.push({
      topic,
      partition,
      offset: message.offset,
      key: message.key ? message.key.toString('utf8') : null,
      value: message.value,
      headers: headersToStrings(message.headers),
      timestamp: Number(message.timestamp),
      json: parseJson(message.value),
    });
  }
}

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'system-tests', brokers, logLevel: logLevel.NOTHING, retry: { retries: 10 } });
}

/**
 * Produces like a registry that must not lose an event: every record acknowledged by all in-sync
 * replicas (our apps' sender, which also sends again what kafkajs leaves unsent after a leader
 * change); not idempotent, as most registries' producers are not (and the dev broker cannot be).
 */
export async function connectSender(kafka: Kafka): Promise<KafkaSender> {
  const sender = new KafkaSender(kafka, { idempotent: false, logger: pino({ level: 'silent' }) });
  await sender.connect();
  return sender;
}

/** Deletes every topic whose name starts with `prefix` (a stack's), so a long run keeps the broker small. */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  if (prefix === '') return;
  const admin = kafka.admin({ retry: { retries: 1 } });
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
