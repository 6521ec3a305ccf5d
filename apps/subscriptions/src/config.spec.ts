import { ConfigError } from '@app/common';
import { loadAppConfig } from './config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/webhooks',
  KAFKA_BROKERS: 'localhost:9092',
  AUTH_JWT_SECRET: 'secret',
};

function problems(env: Record<string, string>): string {
  try {
    loadAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('subscriptions config', () => {
  it('applies defaults', () => {
    expect(loadAppConfig(base)).toMatchObject({
      HTTP_PORT: 8080,
      GRPC_PORT: 50051,
      SECRET_ROTATION_OVERLAP: 86_400_000,
      OUTBOX_POLL_INTERVAL: 200,
      KAFKA_TOPIC_PREFIX: '',
      LOG_LEVEL: 'info',
    });
  });

  it('parses durations', () => {
    expect(
      loadAppConfig({ ...base, SECRET_ROTATION_OVERLAP: '1h', OUTBOX_POLL_INTERVAL: '1s' }),
    ).toMatchObject({
      SECRET_ROTATION_OVERLAP: 3_600_000,
      OUTBOX_POLL_INTERVAL: 1_000,
    });
  });

  it('names each bad variable', () => {
    expect(problems({ ...base, HTTP_PORT: 'abc' })).toMatch(/HTTP_PORT: .*"abc"/);
    expect(problems({ ...base, DATABASE_URL: 'mysql://x' })).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems({ ...base, AUTH_JWKS_URL: 'not a url' })).toMatch(
      /AUTH_JWKS_URL: must be an http or https URL/,
    );
    expect(problems({ ...base, OUTBOX_POLL_INTERVAL: 'fast' })).toMatch(/OUTBOX_POLL_INTERVAL/);
    expect(problems({ KAFKA_BROKERS: 'localhost:9092', AUTH_JWT_SECRET: 'x' })).toMatch(
      /DATABASE_URL: is required/,
    );
  });

  it('needs AUTH_JWT_SECRET or AUTH_JWKS_URL, and says so naming both', () => {
    const { AUTH_JWT_SECRET: _secret, ...withoutAuth } = base;
    expect(problems(withoutAuth)).toMatch(/AUTH_JWT_SECRET or AUTH_JWKS_URL is required/);
    expect(
      loadAppConfig({ ...withoutAuth, AUTH_JWKS_URL: 'https://auth.example.com/.well-known/jwks.json' })
        .AUTH_JWKS_URL,
    ).toBe('https://auth.example.com/.well-known/jwks.json');
  });
});
