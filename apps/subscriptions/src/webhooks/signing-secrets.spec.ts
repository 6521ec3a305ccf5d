import { MAX_PREVIOUS_SECRETS, pruneExpired, rotate } from './signing-secrets';

const now = new Date('2026-11-22T12:00:00.000Z');
const HOUR = 3_600_000;

describe('rotate', () => {
  it('makes the new secret current and keeps the previous one until now + overlap', () => {
    expect(rotate([{ secret: 'whsec_a' }], 'whsec_b', now, 24 * HOUR)).toEqual([
      { secret: 'whsec_b' },
      { secret: 'whsec_a', expiresAt: '2026-11-23T12:00:00.000Z' },
    ]);
  });

  it('keeps earlier secrets with their own expiry and drops expired ones', () => {
    const secrets = [
      { secret: 'whsec_c' },
      { secret: 'whsec_b', expiresAt: '2026-11-22T18:00:00.000Z' },
      { secret: 'whsec_a', expiresAt: '2026-11-22T11:59:59.000Z' },
    ];
    expect(rotate(secrets, 'whsec_d', now, HOUR)).toEqual([
      { secret: 'whsec_d' },
      { secret: 'whsec_c', expiresAt: '2026-11-22T13:00:00.000Z' },
      { secret: 'whsec_b', expiresAt: '2026-11-22T18:00:00.000Z' },
    ]);
  });

  it('with no overlap, the previous secret stops at once', () => {
    expect(rotate([{ secret: 'whsec_a' }], 'whsec_b', now, 0)).toEqual([{ secret: 'whsec_b' }]);
  });

  it('does not list the same secret twice and bounds the number kept', () => {
    expect(rotate([{ secret: 'whsec_a' }], 'whsec_a', now, HOUR)).toEqual([{ secret: 'whsec_a' }]);
    let secrets = [{ secret: 'whsec_0' }];
    for (let i = 1; i <= 10; i++) secrets = rotate(secrets, `whsec_${i}`, now, HOUR);
    expect(secrets).toHaveLength(1 + MAX_PREVIOUS_SECRETS);
    expect(secrets.map((s) => s.secret)).toEqual(['whsec_10', 'whsec_9', 'whsec_8', 'whsec_7', 'whsec_6']);
  });
});

describe('pruneExpired', () => {
  it('keeps the current secret and the ones still inside their window', () => {
    expect(
      pruneExpired(
        [
          { secret: 'whsec_c' },
          { secret: 'whsec_b', expiresAt: '2026-11-22T12:00:01.000Z' },
          { secret: 'whsec_a', expiresAt: '2026-11-22T12:00:00.000Z' },
        ],
        now,
      ),
    ).toEqual([{ secret: 'whsec_c' }, { secret: 'whsec_b', expiresAt: '2026-11-22T12:00:01.000Z' }]);
  });
});
