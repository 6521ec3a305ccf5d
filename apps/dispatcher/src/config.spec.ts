import { ConfigError } from '@app/common';
import { groupIds, loadDispatcherConfig } from './config';

describe('dispatcher config', () => {
  it('has the documented defaults', () => {
    const config = loadDispatcherConfig({ KAFKA_BROKERS: 'localhost:9092' });
    expect(config).toMatchObject({
      DISPATCHER_HTTP_PORT: 8081,
      DISPATCHER_GROUP_ID: 'registry-webhooks-dispatcher',
      DISPATCHER_MAX_IN_FLIGHT: 256,
      DISPATCHER_MAX_BUFFERED: 2048,
      DISPATCHER_DIRECT_FANOUT_MAX: 32,
      DISPATCHER_STALL_AFTER: 2_000,
      INBOUND_DEDUP_WINDOW: 600_000,
      INBOUND_MAX_EVENT_BYTES: 1_048_576,
      AUTO_DISABLE_AFTER: 5 * 86_400_000,
      SHUTDOWN_TIMEOUT: 10_000,
      DISPATCHER_SESSION_TIMEOUT: 30_000,
      DISPATCHER_FETCH_MAX_WAIT: 100,
      DISPATCHER_HANDOVER_WAIT: 1_000,
      DISPATCHER_HEAP_GROWING_PERCENT: 100,
      DELIVERY_RETRY_SCHEDULE: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      LOG_LEVEL: 'info',
    });
  });

  it('prefixes the group ids with the topic prefix', () => {
    const config = loadDispatcherConfig({
      KAFKA_BROKERS: 'a:1',
      KAFKA_TOPIC_PREFIX: 't1.',
      DISPATCHER_GROUP_ID: 'd',
    });
    expect(groupIds(config)).toEqual({ inbound: 't1.d', deliveries: 't1.d-deliveries', retry: 't1.d-retry' });
  });

  it('names each bad variable', () => {
    const env = {
      KAFKA_BROKERS: 'a:1',
      DISPATCHER_MAX_IN_FLIGHT: '0',
      INBOUND_DEDUP_WINDOW: 'soon',
      DISPATCHER_GROUP_ID: 'a b',
    };
    expect(() => loadDispatcherConfig(env)).toThrow(ConfigError);
    expect(() => loadDispatcherConfig(env)).toThrow(/DISPATCHER_MAX_IN_FLIGHT: .*"0"/);
    expect(() => loadDispatcherConfig(env)).toThrow(/INBOUND_DEDUP_WINDOW: .*"soon"/);
    expect(() => loadDispatcherConfig(env)).toThrow(/DISPATCHER_GROUP_ID: /);
    expect(() => loadDispatcherConfig({ KAFKA_BROKERS: 'a:1', DISPATCHER_FETCH_MAX_WAIT: '0ms' })).toThrow(
      /DISPATCHER_FETCH_MAX_WAIT: must be 1ms to 10s/,
    );
    expect(() =>
      loadDispatcherConfig({ KAFKA_BROKERS: 'a:1', DISPATCHER_HEAP_GROWING_PERCENT: '500' }),
    ).toThrow(/DISPATCHER_HEAP_GROWING_PERCENT: must be 0 to 300/);
    expect(() => loadDispatcherConfig({ KAFKA_BROKERS: 'a:1', DISPATCHER_SESSION_TIMEOUT: '2s' })).toThrow(
      /DISPATCHER_SESSION_TIMEOUT: must be at least 6s/,
    );
    expect(() => loadDispatcherConfig({ KAFKA_BROKERS: 'a:1', DISPATCHER_STALL_AFTER: '5ms' })).toThrow(
      /DISPATCHER_STALL_AFTER: must be at least 10ms/,
    );
    expect(() => loadDispatcherConfig({ KAFKA_BROKERS: 'a:1', DISPATCHER_DIRECT_FANOUT_MAX: '-1' })).toThrow(
      /DISPATCHER_DIRECT_FANOUT_MAX/,
    );
  });
});
