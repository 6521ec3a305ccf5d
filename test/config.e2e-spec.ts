import { APP_ENTRY, AppProcess } from './support/app-process';

/** A bad setting stops each app at boot with a message naming the variable. */
describe('configuration is validated at boot', () => {
  const base = {
    KAFKA_BROKERS: '127.0.0.1:1',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    AUTH_JWT_SECRET: 'x'.repeat(32),
  };

  it.each([
    ['subscriptions', APP_ENTRY.subscriptions, { HTTP_PORT: 'abc' }, 'HTTP_PORT'],
    ['subscriptions', APP_ENTRY.subscriptions, { KAFKA_BROKERS: 'not a broker list' }, 'KAFKA_BROKERS'],
    ['subscriptions', APP_ENTRY.subscriptions, { DELIVERY_TIMEOUT: 'soon' }, 'DELIVERY_TIMEOUT'],
    ['dispatcher', APP_ENTRY.dispatcher, { DISPATCHER_HTTP_PORT: 'abc' }, 'DISPATCHER_HTTP_PORT'],
    ['dispatcher', APP_ENTRY.dispatcher, { DELIVERY_RETRY_SCHEDULE: '5s,soon' }, 'DELIVERY_RETRY_SCHEDULE'],
    [
      'dispatcher',
      APP_ENTRY.dispatcher,
      { DELIVERY_ALLOW_PRIVATE_NETWORKS: 'maybe' },
      'DELIVERY_ALLOW_PRIVATE_NETWORKS',
    ],
    ['subscriptions', APP_ENTRY.subscriptions, { KAFKA_SASL_MECHANISM: 'kerberos' }, 'KAFKA_SASL_MECHANISM'],
    [
      'subscriptions',
      APP_ENTRY.subscriptions,
      { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'alice' },
      'KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM=scram-sha-256',
    ],
    [
      'dispatcher',
      APP_ENTRY.dispatcher,
      { KAFKA_SSL: 'true', KAFKA_SSL_CA: '/nonexistent/ca.pem' },
      'KAFKA_SSL_CA: cannot read /nonexistent/ca.pem',
    ],
    ['dispatcher', APP_ENTRY.dispatcher, { KAFKA_TOPIC_PARTITIONS: '0' }, 'KAFKA_TOPIC_PARTITIONS'],
    ['dispatcher', APP_ENTRY.dispatcher, { KAFKA_REPLICATION_FACTOR: 'three' }, 'KAFKA_REPLICATION_FACTOR'],
  ])('%s exits 1 on %j naming %s', async (name, entry, env, variable) => {
    const app = new AppProcess(name, entry, { ...base, ...env }, 'http://127.0.0.1:1');
    const code = await app.exitCodeWithin(20_000);
    await app.kill();
    expect(code).toBe(1);
    expect(app.logs).toContain(variable);
  });

  it('dispatcher exits 1 naming KAFKA_BROKERS when no broker answers', async () => {
    const app = new AppProcess(
      'dispatcher',
      APP_ENTRY.dispatcher,
      { ...base, DISPATCHER_HTTP_PORT: '0' },
      'http://127.0.0.1:1',
    );
    const code = await app.exitCodeWithin(90_000);
    await app.kill();
    expect(code).toBe(1);
    expect(app.logs).toContain('cannot reach Kafka at 127.0.0.1:1 (KAFKA_BROKERS)');
  }, 100_000);
});
