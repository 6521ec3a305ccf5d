import type { WebhookStatsView } from '../api/types';
import { formatPercent } from '../format';

const BAR = 20;
const GAP = 4;
const HEIGHT = 120;
const AXIS = 18;
/** Room right of the last bar for its time label. */
const RIGHT = 24;
const HOUR = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "the last 24 hours" for the window the stats cover. */
export function windowLabel(stats: Pick<WebhookStatsView, 'since' | 'until'>): string {
  const hours = Math.round((Date.parse(stats.until) - Date.parse(stats.since)) / 3_600_000);
  return hours === 1 ? 'the last hour' : `the last ${hours} hours`;
}

/** Deliveries per hour as stacked bars (succeeded, failed, pending), each with its numbers as a tooltip. */
export function DeliveriesChart({ stats }: { stats: WebhookStatsView }) {
  const max = Math.max(1, ...stats.hours.map((hour) => hour.deliveries));
  const width = stats.hours.length * (BAR + GAP) + RIGHT;
  const scale = (count: number) => (count / max) * (HEIGHT - 16);
  const summary =
    `${stats.deliveries} ${stats.deliveries === 1 ? 'delivery' : 'deliveries'} in ${windowLabel(stats)}, ${stats.failed} failed` +
    (stats.failureRate === null ? '' : ` (${formatPercent(stats.failureRate)})`);
  return (
    <figure className="chart">
      <figcaption>Deliveries per hour</figcaption>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT + AXIS}`}
        role="img"
        aria-label={summary}
        preserveAspectRatio="none"
      >
        <line className="axis" x1={0} x2={width - RIGHT} y1={HEIGHT} y2={HEIGHT} />
        <line className="axis" x1={0} x2={width - RIGHT} y1={HEIGHT - scale(max)} y2={HEIGHT - scale(max)} />
        <text className="scale" x={width - RIGHT + 2} y={HEIGHT - scale(max) + 4}>
          {max}
        </text>
        {stats.deliveries === 0 && (
          <text className="empty-note" x={(width - RIGHT) / 2} y={HEIGHT / 2} textAnchor="middle">
            No deliveries in {windowLabel(stats)}
          </text>
        )}
        {stats.hours.map((hour, index) => {
          const x = index * (BAR + GAP) + GAP / 2;
          const succeeded = scale(hour.succeeded);
          const failed = scale(hour.failed);
          const pending = scale(hour.pending);
          const start = new Date(hour.start);
          return (
            <g key={hour.start}>
              <title>
                {`${HOUR.format(start)}: ${hour.deliveries} deliveries, ${hour.succeeded} succeeded, ${hour.failed} failed, ${hour.pending} pending`}
              </title>
              <rect className="hit" x={x} y={0} width={BAR} height={HEIGHT} />
              <rect className="bar-succeeded" x={x} y={HEIGHT - succeeded} width={BAR} height={succeeded} />
              <rect
                className="bar-failed"
                x={x}
                y={HEIGHT - succeeded - failed}
                width={BAR}
                height={failed}
              />
              <rect
                className="bar-pending"
                x={x}
                y={HEIGHT - succeeded - failed - pending}
                width={BAR}
                height={pending}
              />
              {index % 6 === 0 && (
                <text className="tick" x={x} y={HEIGHT + AXIS - 4}>
                  {HOUR.format(start)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p className="legend">
        <span className="key key-succeeded">succeeded</span>
        <span className="key key-failed">failed</span>
        <span className="key key-pending">pending</span>
        <span>{summary}</span>
      </p>
    </figure>
  );
}
