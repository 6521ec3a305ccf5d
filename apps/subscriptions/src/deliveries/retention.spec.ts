import { retentionQuery } from './retention';

describe('retentionQuery', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  it('cuts at now minus the retention, keeps the newest N per webhook, bounded by the batch size', () => {
    const { sql, parameters } = retentionQuery(
      { retentionMs: 30 * 86_400_000, maxPerWebhook: 1000 },
      now,
      500,
    );
    expect(parameters).toEqual(['2026-01-30T12:00:00.000Z', 1000, 500]);
    expect(sql).toMatch(/DELETE FROM deliveries WHERE id IN/);
    expect(sql).toMatch(/created_at < \$1 LIMIT \$3/);
    expect(sql).toMatch(/ORDER BY created_at DESC, id DESC OFFSET \$2/);
  });

  it('follows the policy it is given', () => {
    expect(retentionQuery({ retentionMs: 60_000, maxPerWebhook: 2 }, now, 10).parameters).toEqual([
      '2026-03-01T11:59:00.000Z',
      2,
      10,
    ]);
  });
});
