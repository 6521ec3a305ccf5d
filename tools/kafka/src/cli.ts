/**
 * `npm run kafka [-- --brokers N] [-- --data-dir DIR]`: Apache Kafka in the foreground. Prints
 * `KAFKA_BROKERS=<bootstrap>` on a line of its own once the cluster accepts requests; Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { ignoreKafkajsTimerWarning } from '../../support/src';
import { KafkaCluster, KafkaPrerequisiteError } from './index';

async function main(): Promise<void> {
  ignoreKafkajsTimerWarning();
  const { values } = parseArgs({
    options: { brokers: { type: 'string', default: '1' }, 'data-dir': { type: 'string' } },
  });
  const nodes = Number(values.brokers);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9)
    throw new Error(`--brokers must be 1 to 9, got "${values.brokers}"`);
  const started = Date.now();
  const cluster = await KafkaCluster.start({ nodes, dataDir: values['data-dir'] });
  process.stderr.write(
    `Apache Kafka ${cluster.version}: ${nodes} KRaft node${nodes > 1 ? 's' : ''} up in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `data in ${cluster.dataDir}; Ctrl-C stops ${nodes > 1 ? 'them' : 'it'}.\n`,
  );
  process.stdout.write(`KAFKA_BROKERS=${cluster.bootstrapServers.join(',')}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('stopping Apache Kafka…\n');
    cluster.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(
    `${error instanceof KafkaPrerequisiteError ? '' : 'npm run kafka: '}${error.message}\n`,
  );
  process.exit(1);
});
