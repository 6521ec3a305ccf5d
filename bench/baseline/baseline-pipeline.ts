/**
 * The baselines: what a pipeline that does less than the dispatcher reaches on this machine, with
 * the same events, topic layout, concurrency and receiver. A plain kafkajs consumer (eachBatch,
 * autoCommit off, one commit per batch after the batch's work, every partition's batch in progress
 * at once), in one of three modes (BASELINE_MODE):
 *
 * - `raw`: POSTs each record's value as it is to one URL through an undici Agent, with the
 *   dispatcher's concurrency (DISPATCHER_MAX_IN_FLIGHT requests, its connections per origin). No
 *   validation, matching, formatting, signing, second topic or attempt record.
 * - `log`: raw, plus what any pipeline that records every attempt must do per event: parse the
 *   record, sign the body (Standard Webhooks HMAC-SHA256), and produce one attempt-sized record
 *   (the request with its body, the response) to a topic with acks=all, batched per fetched batch,
 *   before the commit. The limit of a design that keeps a delivery log.
 * - `consume`: reads and commits, nothing else: the cost of going through events nobody
 *   subscribed to.
 *
 * Run as a child process by the bench, like the dispatcher, and configured the same way through
 * the environment; GET /readyz answers 200 once it has joined its group.
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Kafka, logLevel, Message, Producer } from 'kafkajs';
import { Agent } from 'undici';
import { Semaphore } from '../../apps/dispatcher/src/delivery/semaphore';

type Mode = 'raw' | 'log' | 'consume';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** A KeyObject, as the dispatcher keeps its secrets: Node checks a Buffer key anew for every HMAC. */
const SIGNING_KEY = createSecretKey(randomBytes(32));
/** Attempt records per produce request: ~2 KB each, well under Kafka's 1 MB per record batch. */
const ATTEMPTS_PER_REQUEST = 250;

/** The Standard Webhooks headers of one message, as the dispatcher sends them. */
function signed(id: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SIGNING_KEY)
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}

async function main(): Promise<void> {
  const mode = required('BASELINE_MODE') as Mode;
  if (!['raw', 'log', 'consume'].includes(mode)) throw new Error(`BASELINE_MODE: unknown mode ${mode}`);
  const brokers = required('KAFKA_BROKERS').split(',');
  const topic = required('BASELINE_TOPIC');
  const partitions = Number(required('BASELINE_PARTITIONS'));
  const slots = new Semaphore(Number(process.env.BASELINE_MAX_IN_FLIGHT ?? 1));

  const kafka = new Kafka({ clientId: 'bench-baseline', brokers, logLevel: logLevel.WARN });
  // The dispatcher's fetch settings: the same fetch wait, kafkajs defaults otherwise.
  const consumer = kafka.consumer({
    groupId: `${topic}-baseline`,
    maxWaitTimeInMs: Number(required('BASELINE_FETCH_MAX_WAIT_MS')),
  });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));

  let producer: Producer | undefined;
  let attemptsTopic = '';
  if (mode === 'log') {
    attemptsTopic = required('BASELINE_ATTEMPTS_TOPIC');
    producer = kafka.producer({ allowAutoTopicCreation: true, idempotent: false });
    await producer.connect();
  }
  const target = mode === 'consume' ? undefined : new URL(required('BASELINE_TARGET_URL'));
  const agent = target && new Agent({ connections: Number(required('BASELINE_CONNECTIONS_PER_ORIGIN')) });

  const post = (headers: Record<string, string>, body: Buffer | string): Promise<number> =>
    slots.run(async () => {
      const response = await agent!.request({
        origin: target!.origin,
        path: target!.pathname,
        method: 'POST',
        headers,
        body,
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode > 299)
        throw new Error(`receiver answered ${response.statusCode}`);
      return response.statusCode;
    });

  /** POSTs one record in `log` mode and returns its attempt record, keyed like the event. */
  const deliverAndRecord = async (key: Buffer | null, value: Buffer, offset: string): Promise<Message> => {
    const body = value.toString('utf8');
    const event = JSON.parse(body) as { id: string; type: string };
    const headers = signed(event.id, body);
    const at = new Date();
    const started = performance.now();
    const statusCode = await post(headers, body);
    const attempt = {
      attemptId: `${event.id}:${offset}:1`,
      deliveryId: event.id,
      subscriptionId: 'baseline',
      kind: 'event',
      eventId: event.id,
      eventType: event.type,
      number: 1,
      at: at.toISOString(),
      durationMs: Math.round(performance.now() - started),
      request: { method: 'POST', url: target!.href, headers, body },
      response: { statusCode, headers: { 'content-length': '0' }, body: '', truncated: false },
      error: null,
      outcome: 'succeeded',
    };
    return { key, value: JSON.stringify(attempt) };
  };

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: partitions,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (mode === 'raw') {
        await Promise.all(
          batch.messages.map((m) => post({ 'content-type': 'application/json' }, m.value ?? '')),
        );
      } else if (mode === 'log') {
        const attempts = await Promise.all(
          batch.messages.map((m) => deliverAndRecord(m.key, m.value ?? Buffer.alloc(0), m.offset)),
        );
        // Requests under Kafka's 1 MB per record batch, as the dispatcher keeps its own.
        for (let start = 0; start < attempts.length; start += ATTEMPTS_PER_REQUEST) {
          await producer!.send({
            topic: attemptsTopic,
            acks: -1,
            messages: attempts.slice(start, start + ATTEMPTS_PER_REQUEST),
          });
        }
      }
      const last = batch.lastOffset();
      resolveOffset(last);
      await consumer.commitOffsets([
        { topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      await heartbeat();
    },
  });

  const health = createServer((req, res) => {
    res.writeHead(req.url === '/readyz' && !joined ? 503 : 200);
    res.end();
  });
  health.listen(Number(required('BASELINE_HTTP_PORT')), '127.0.0.1');

  const stop = async (): Promise<void> => {
    await consumer.disconnect();
    await producer?.disconnect();
    await agent?.close();
    health.close();
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
