import { InvalidClaimsError, principalFromClaims } from './principal';

describe('principalFromClaims', () => {
  it('reads sub, admin and the Docker registry access claim', () => {
    expect(
      principalFromClaims({
        sub: 'alice',
        admin: false,
        access: [{ type: 'repository', name: 'foo/bar', actions: ['pull', 'admin'] }],
      }),
    ).toEqual({
      subject: 'alice',
      admin: false,
      access: [{ type: 'repository', name: 'foo/bar', actions: ['pull', 'admin'] }],
    });
  });

  it('counts admin only when it is exactly true', () => {
    expect(principalFromClaims({ sub: 'a', admin: 'true' }).admin).toBe(false);
    expect(principalFromClaims({ sub: 'a', admin: 1 }).admin).toBe(false);
    expect(principalFromClaims({ sub: 'a', admin: true }).admin).toBe(true);
  });

  it('drops malformed access entries instead of trusting them', () => {
    const principal = principalFromClaims({
      sub: 'a',
      access: [
        { type: 'team', name: 'foo', actions: ['admin'] },
        { type: 'namespace', name: 7, actions: ['owner'] },
        { type: 'namespace', name: 'foo', actions: 'owner' },
        { type: 'namespace', name: 'bad\u0000name', actions: ['owner'] },
        { type: 'namespace', name: 'ok', actions: ['owner'] },
        null,
      ],
    });
    expect(principal.access).toEqual([{ type: 'namespace', name: 'ok', actions: ['owner'] }]);
    expect(principalFromClaims({ sub: 'a', access: 'everything' }).access).toEqual([]);
  });

  it.each([undefined, '', '  ', 42, 'x\u0000y', 'a'.repeat(2000)])('refuses sub %j', (sub) => {
    expect(() => principalFromClaims({ sub })).toThrow(InvalidClaimsError);
  });
});
