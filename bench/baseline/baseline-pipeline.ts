/**
 * The baseline: the raw limit of Kafka → HTTP on this machine, without the dispatcher's logic.
 * A plain kafkajs consumer (eachBatch, autoCommit off, one commit per batch, every partition's
 * batch in progress at once) POSTs each record's value as it is to one URL through an undici Agent,
 * with the dispatcher's concurrency (DISPATCHER_MAX_IN_FLIGHT requests, its connections per origin).
 * No validation, matching, formatting, signing, second topic or attempt record.
 *
 * Run as a child process by the bench, like the dispatcher, and configured the same way through
 * the environment; GET /readyz answers 200 once it has joined its group.
 */
import { createServer } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { Agent } from 'undici';
import { Semaphore } from '../../apps/dispatcher/src/delivery/semaphore';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const brokers = required('KAFKA_BROKERS').split(',');
  const topic = required('BASELINE_TOPIC');
  const target = new URL(required('BASELINE_TARGET_URL'));
  const partitions = Number(required('BASELINE_PARTITIONS'));
  const slots = new Semaphore(Number(required('BASELINE_MAX_IN_FLIGHT')));
  const agent = new Agent({ connections: Number(required('BASELINE_CONNECTIONS_PER_ORIGIN')) });

  const kafka = new Kafka({ clientId: 'bench-baseline', brokers, logLevel: logLevel.WARN });
  // The dispatcher's fetch settings: the same fetch wait, kafkajs defaults otherwise.
  const consumer = kafka.consumer({
    groupId: `${topic}-baseline`,
    maxWaitTimeInMs: Number(required('BASELINE_FETCH_MAX_WAIT_MS')),
  });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));

  const post = (body: Buffer | null): Promise<void> =>
    slots.run(async () => {
      const response = await agent.request({
        origin: target.origin,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body ?? '',
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode > 299)
        throw new Error(`receiver answered ${response.statusCode}`);
    });

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: partitions,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      await Promise.all(batch.messages.map((message) => post(message.value)));
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
    await agent.close();
    health.close();
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
