import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { formatDuration, parseDuration } from './durations';
import { deliveryEnv, kafkaEnv, port } from './env';

const schema = z.object({ HTTP_PORT: port(8080), ...kafkaEnv, ...deliveryEnv });

describe('loadConfig', () => {
  it('applies defaults and parses durations', () => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: 'a:9092, b:9093',
      DELIVERY_RETRY_SCHEDULE: '1s,1s,1s',
    });
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(config.DELIVERY_RETRY_SCHEDULE).toEqual([1000, 1000, 1000]);
    expect(config.DELIVERY_TIMEOUT).toBe(15000);
    expect(config.DELIVERY_ALLOW_PRIVATE_NETWORKS).toBe(false);
  });

  it("takes the delivery defaults from the HTTP sender and the retry policy (DESIGN's values)", () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'a:9092' });
    expect(config.DELIVERY_CONNECT_TIMEOUT).toBe(5_000);
    expect(config.DELIVERY_TIMEOUT).toBe(15_000);
    expect(config.DELIVERY_MAX_CONNECTIONS_PER_ORIGIN).toBe(16);
    expect(config.DELIVERY_RETRY_SCHEDULE).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it('never quotes the value of a secret', () => {
    const secretSchema = z.object({ TOKEN: z.string().min(40, 'must be at least 40 characters') });
    expect(() => loadConfig(secretSchema, { TOKEN: 'hunter2' }, ['TOKEN'])).toThrow(
      /^Invalid configuration:\n {2}- TOKEN: must be at least 40 characters$/,
    );
    expect(() => loadConfig(secretSchema, { TOKEN: 'hunter2' })).toThrow(/\(got "hunter2"\)/);
  });

  it('names every bad variable and the value it got', () => {
    const env = {
      KAFKA_BROKERS: 'nope',
      HTTP_PORT: 'abc',
      DELIVERY_RETRY_SCHEDULE: '5x',
      DELIVERY_TIMEOUT: '1s,2s',
      DELIVERY_CONNECT_TIMEOUT: 'fast',
    };
    expect(() => loadConfig(schema, env)).toThrow(ConfigError);
    try {
      loadConfig(schema, env);
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/HTTP_PORT: .*"abc"/);
      expect(message).toMatch(/KAFKA_BROKERS: must be a comma-separated list of host:port/);
      expect(message).toMatch(/DELIVERY_RETRY_SCHEDULE: "5x" is not a duration/);
      expect(message).toMatch(/DELIVERY_TIMEOUT: "1s,2s" is not a single duration/);
      expect(message).toMatch(/DELIVERY_CONNECT_TIMEOUT: "fast" is not a duration/);
    }
  });

  it('reports a missing required variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(/KAFKA_BROKERS: is required/);
  });
});

describe('formatDuration', () => {
  it('writes the largest unit that holds the value exactly, and parses back', () => {
    const cases: [number, string][] = [
      [0, '0ms'],
      [250, '250ms'],
      [1_500, '1500ms'],
      [5_000, '5s'],
      [90_000, '90s'],
      [300_000, '5m'],
      [7_200_000, '2h'],
      [172_800_000, '2d'],
    ];
    for (const [ms, text] of cases) {
      expect(formatDuration(ms)).toBe(text);
      expect(parseDuration(text)).toBe(ms);
    }
  });
});
