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

  it('reads one ingest token per source; unset, ingest is off', () => {
    expect(loadAppConfig(base).INGEST_TOKENS).toBeUndefined();
    const tokens = loadAppConfig({
      ...base,
      INGEST_TOKENS: 'distribution=0123456789abcdef0123, harbor=Zm9vYmFyYmF6cXV4cXV1eA==',
    }).INGEST_TOKENS;
    expect(tokens).toEqual({ distribution: '0123456789abcdef0123', harbor: 'Zm9vYmFyYmF6cXV4cXV1eA==' });
  });

  it.each([
    [
      'gitlab=0123456789abcdef0123',
      /INGEST_TOKENS: "gitlab" is not a source \(distribution, harbor, acr, dockerhub, quay\)/,
    ],
    ['distribution=short', /INGEST_TOKENS: the token of distribution must be 16 to 512 printable characters/],
    ['0123456789abcdef0123', /INGEST_TOKENS: entry 1 is not source=token/],
    ['acr=0123456789abcdef0123,acr=0123456789abcdef4567', /INGEST_TOKENS: acr is listed twice/],
    [',', /INGEST_TOKENS: must list at least one source=token/],
  ])('refuses INGEST_TOKENS=%j, naming the problem and never the token', (value, message) => {
    const text = problems({ ...base, INGEST_TOKENS: value });
    expect(text).toMatch(message);
    expect(text).not.toMatch(/0123456789abcdef|short/);
  });

  it('reads the credentials key as hex or base64 and refuses any other length', () => {
    const hex = 'ab'.repeat(32);
    expect(loadAppConfig({ ...base, CREDENTIALS_ENCRYPTION_KEY: hex }).CREDENTIALS_ENCRYPTION_KEY).toEqual(
      Buffer.from(hex, 'hex'),
    );
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadAppConfig({ ...base, CREDENTIALS_ENCRYPTION_KEY: base64 }).CREDENTIALS_ENCRYPTION_KEY).toEqual(
      Buffer.alloc(32, 7),
    );
    const text = problems({ ...base, CREDENTIALS_ENCRYPTION_KEY: 'ab'.repeat(16) });
    expect(text).toMatch(/CREDENTIALS_ENCRYPTION_KEY: must be 32 bytes/);
    expect(text).not.toContain('abab');
  });
});
