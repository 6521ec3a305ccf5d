import { Consumer, IHeaders, Kafka, logLevel, Producer } from 'kafkajs';
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

/** Reads a topic from the beginning with its own group and keeps every message. */
export class TopicCollector {
  readonly messages: ConsumedMessage[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicCollector> {
    const consumer = kafka.consumer({ groupId: `test-collector-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const collector = new TopicCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        collector.messages.push({
          topic: t,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers: headersToStrings(message.headers),
          timestamp: Number(message.timestamp),
          json: parseJson(message.value),
        });
      },
    });
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

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'system-tests', brokers, logLevel: logLevel.NOTHING, retry: { retries: 10 } });
}

export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  return producer;
}
