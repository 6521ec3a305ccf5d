import { HOUR_MS, windowStats } from './delivery-stats';

describe('windowStats', () => {
  const since = new Date('2026-11-22T10:30:00.000Z');
  const until = new Date('2026-11-22T13:05:00.000Z');
  const hourOf = (iso: string) => Math.floor(Date.parse(iso) / HOUR_MS);

  it('has one entry per hour touched by the window, empty hours as zeros', () => {
    const stats = windowStats(
      [
        { hour: hourOf('2026-11-22T10:00:00Z'), status: 'succeeded', count: 3 },
        { hour: hourOf('2026-11-22T10:00:00Z'), status: 'dead', count: 1 },
        { hour: hourOf('2026-11-22T12:00:00Z'), status: 'failed', count: 2 },
        { hour: hourOf('2026-11-22T13:00:00Z'), status: 'pending', count: 1 },
      ],
      since,
      until,
    );
    expect(stats.hours.map((hour) => hour.start)).toEqual([
      '2026-11-22T10:00:00.000Z',
      '2026-11-22T11:00:00.000Z',
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T13:00:00.000Z',
    ]);
    expect(stats.hours[0]).toMatchObject({
      deliveries: 4,
      succeeded: 3,
      failed: 1,
      pending: 0,
      failureRate: 0.25,
    });
    expect(stats.hours[1]).toMatchObject({ deliveries: 0, failureRate: null });
    expect(stats.hours[2]).toMatchObject({ deliveries: 2, failed: 2, failureRate: 1 });
    expect(stats.hours[3]).toMatchObject({ deliveries: 1, pending: 1, failureRate: null });
    expect(stats).toMatchObject({
      since: since.toISOString(),
      until: until.toISOString(),
      deliveries: 7,
      succeeded: 3,
      failed: 3,
      pending: 1,
      failureRate: 0.5,
    });
  });

  it('is all zeros without deliveries', () => {
    const stats = windowStats([], new Date(until.getTime() - 24 * HOUR_MS), until);
    expect(stats.hours).toHaveLength(25);
    expect(stats).toMatchObject({ deliveries: 0, failureRate: null });
  });
});
