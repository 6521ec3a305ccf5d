import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { formatDuration, parseDuration } from './durations';
import { durationList, durationMs, port } from './env';

const schema = z.object({
  HTTP_PORT: port(8080),
  NAME: z.string({ required_error: 'is required' }),
  SCHEDULE: durationList('5s,5m'),
  TIMEOUT: durationMs('15s'),
  CONNECT_TIMEOUT: durationMs('5s'),
});

describe('loadConfig', () => {
  it('applies defaults and parses durations', () => {
    const config = loadConfig(schema, { NAME: 'x', SCHEDULE: '1s,1s,1s' });
    expect(config).toEqual({
      HTTP_PORT: 8080,
      NAME: 'x',
      SCHEDULE: [1000, 1000, 1000],
      TIMEOUT: 15000,
      CONNECT_TIMEOUT: 5000,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(schema, { NAME: 'x', TIMEOUT: '' }).TIMEOUT).toBe(15000);
  });

  it('never quotes the value of a secret', () => {
    const secretSchema = z.object({ TOKEN: z.string().min(40, 'must be at least 40 characters') });
    expect(() => loadConfig(secretSchema, { TOKEN: 'hunter2' }, ['TOKEN'])).toThrow(
      /^Invalid configuration:\n {2}- TOKEN: must be at least 40 characters$/,
    );
    expect(() => loadConfig(secretSchema, { TOKEN: 'hunter2' })).toThrow(/\(got "hunter2"\)/);
  });

  it('names every bad variable and the value it got', () => {
    const env = { NAME: 'x', HTTP_PORT: 'abc', SCHEDULE: '5x', TIMEOUT: '1s,2s', CONNECT_TIMEOUT: 'fast' };
    expect(() => loadConfig(schema, env)).toThrow(ConfigError);
    try {
      loadConfig(schema, env);
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/HTTP_PORT: .*"abc"/);
      expect(message).toMatch(/SCHEDULE: "5x" is not a duration/);
      expect(message).toMatch(/TIMEOUT: "1s,2s" is not a single duration/);
      expect(message).toMatch(/CONNECT_TIMEOUT: "fast" is not a duration/);
    }
  });

  it('reports a missing required variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(/NAME: is required/);
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
