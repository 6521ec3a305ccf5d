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
  ])('%s exits 1 on %j naming %s', async (name, entry, env, variable) => {
    const app = new AppProcess(name, entry, { ...base, ...env }, 'http://127.0.0.1:1');
    const code = await app.exitCodeWithin(20_000);
    await app.kill();
    expect(code).toBe(1);
    expect(app.logs).toContain(variable);
  });
});
