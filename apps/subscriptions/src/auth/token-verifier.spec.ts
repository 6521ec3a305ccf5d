import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '../config';
import { TokenRejected, TokenVerifier } from './token-verifier';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const hmacKey = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

const config = (overrides: Partial<AppConfig>) => ({ ...overrides }) as AppConfig;

function hs256(claims: JWTPayload, key = hmacKey): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}

async function rejection(verifier: TokenVerifier, token: string): Promise<TokenRejected> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejected);
  return error as TokenRejected;
}

describe('TokenVerifier with AUTH_JWT_SECRET (HS256)', () => {
  const verifier = new TokenVerifier(config({ AUTH_JWT_SECRET: SECRET }));

  it('accepts a valid token and returns its principal', async () => {
    const access = [{ type: 'namespace', name: 'foo', actions: ['owner'] }];
    await expect(verifier.verify(await hs256({ sub: 'alice', admin: false, access }))).resolves.toEqual({
      subject: 'alice',
      admin: false,
      access,
    });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await hs256(
      { sub: 'alice' },
      new TextEncoder().encode('some-other-secret-of-decent-length!!'),
    );
    expect((await rejection(verifier, token)).message).toBe('token is not valid');
  });

  it('refuses an expired token and one not valid yet', async () => {
    const expired = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(now() - 5)
      .sign(hmacKey);
    expect((await rejection(verifier, expired)).message).toBe('token has expired');
    const early = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setNotBefore(now() + 600)
      .setExpirationTime('1h')
      .sign(hmacKey);
    expect((await rejection(verifier, early)).message).toBe('token nbf claim is not valid');
  });

  it('refuses garbage, unsigned tokens and tokens without sub', async () => {
    expect((await rejection(verifier, 'not-a-jwt')).message).toBe('token is not valid');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'alice', admin: true })).toString('base64url');
    expect((await rejection(verifier, `${header}.${body}.`)).message).toMatch(
      /algorithm none is not accepted/,
    );
    expect((await rejection(verifier, await hs256({ admin: true }))).message).toMatch(/sub claim/);
  });

  it('checks issuer and audience when configured', async () => {
    const strict = new TokenVerifier(
      config({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'registry', AUTH_JWT_AUDIENCE: 'webhooks' }),
    );
    const good = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('registry')
      .setAudience('webhooks')
      .setExpirationTime('1h')
      .sign(hmacKey);
    await expect(strict.verify(good)).resolves.toMatchObject({ subject: 'alice' });
    expect(
      (await rejection(strict, await hs256({ sub: 'alice', iss: 'elsewhere', aud: 'webhooks' }))).message,
    ).toBe('token iss claim is not valid');
    expect(
      (await rejection(strict, await hs256({ sub: 'alice', iss: 'registry', aud: 'other' }))).message,
    ).toBe('token aud claim is not valid');
  });
});

describe('TokenVerifier with AUTH_JWKS_URL (RS256, ES256)', () => {
  let server: Server;
  let url: string;
  const keys: Record<string, { privateKey: KeyLike; kid: string }> = {};

  beforeAll(async () => {
    const jwks: object[] = [];
    for (const alg of ['RS256', 'ES256']) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      keys[alg] = { privateKey, kid: `key-${alg}` };
      jwks.push({ ...(await exportJWK(publicKey)), kid: `key-${alg}`, alg, use: 'sig' });
    }
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: jwks }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const sign = (alg: string, claims: JWTPayload) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid: keys[alg].kid })
      .setExpirationTime('1h')
      .sign(keys[alg].privateKey);

  it.each(['RS256', 'ES256'])('accepts %s tokens signed by a key in the set', async (alg) => {
    const verifier = new TokenVerifier(config({ AUTH_JWKS_URL: url }));
    await expect(verifier.verify(await sign(alg, { sub: 'bob', admin: true }))).resolves.toMatchObject({
      subject: 'bob',
      admin: true,
    });
  });

  it('refuses HS256 tokens when only a JWKS is configured', async () => {
    const verifier = new TokenVerifier(config({ AUTH_JWKS_URL: url }));
    expect((await rejection(verifier, await hs256({ sub: 'bob' }))).message).toMatch(
      /algorithm HS256 is not accepted/,
    );
  });

  it('accepts both kinds when both are configured', async () => {
    const verifier = new TokenVerifier(config({ AUTH_JWKS_URL: url, AUTH_JWT_SECRET: SECRET }));
    await expect(verifier.verify(await hs256({ sub: 'carol' }))).resolves.toMatchObject({ subject: 'carol' });
    await expect(verifier.verify(await sign('ES256', { sub: 'dave' }))).resolves.toMatchObject({
      subject: 'dave',
    });
  });

  it('reports an unreachable key set as unavailable, not as a bad token', async () => {
    const verifier = new TokenVerifier(config({ AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' }));
    const error = await rejection(verifier, await sign('ES256', { sub: 'dave' }));
    expect(error.unavailable).toBe(true);
  });
});
