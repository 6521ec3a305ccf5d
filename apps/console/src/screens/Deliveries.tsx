import { useEffect, useState } from 'react';
import { useLoad } from '../api/context';
import type { DeliveryPage, DeliveryStatus, WebhookView } from '../api/types';
import { Pager } from '../components/Pager';
import { EventTypeFilter } from '../components/EventTypeFilter';
import { DeliveryStatusBadge } from '../components/StatusBadge';
import { ErrorMessage } from '../components/Text';
import { formatTime, fromLocalInput } from '../format';
import { href, Link } from '../router';
import { useUrlFilters } from '../url-filters';
import { WebhookTabs } from './WebhookDetail';

const STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'dead'];
const FILTERS = ['status', 'event', 'repository', 'tag', 'digest', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
export const REFRESH_MS = 5_000;

const shortDigest = (digest: string | null) => (digest ? `${digest.slice(0, 19)}…` : '—');

export function Deliveries({ webhookId }: { webhookId: string }) {
  const path = `/webhooks/${webhookId}/deliveries`;
  const { page, applied, filtered, field, goToPage } = useUrlFilters(FILTERS, path);
  const [live, setLive] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<Date>();
  const webhook = useLoad((api) => api.get<WebhookView>(`/webhooks/${webhookId}`), [webhookId]);
  const list = useLoad(
    async (api) => {
      const answer = await api.get<DeliveryPage>(`/webhooks/${webhookId}/deliveries`, {
        ...applied,
        from: fromLocalInput(applied.from),
        to: fromLocalInput(applied.to),
        page,
      });
      setUpdatedAt(new Date());
      return answer;
    },
    [webhookId, page, applied],
  );
  const { reload } = list;

  // While the screen is open (and the tab visible) new deliveries and attempts show up by themselves.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => document.visibilityState === 'visible' && reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, reload]);

  const text = (name: Filter, label: string, placeholder: string) => (
    <label>
      {label}
      <input {...field(name)} placeholder={placeholder} />
    </label>
  );
  const items = list.data?.items ?? [];
  return (
    <main>
      <p className="crumbs">
        <Link to={href('/')}>Webhooks</Link> /{' '}
        <Link to={href(`/webhooks/${webhookId}`)}>{webhook.data?.name ?? webhookId}</Link> / deliveries
      </p>
      <h1>Deliveries{webhook.data ? ` of ${webhook.data.name}` : ''}</h1>
      <WebhookTabs id={webhookId} current="deliveries" />

      <form className="filters" aria-label="Filter deliveries" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select {...field('status')}>
            <option value="">any</option>
            {STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <EventTypeFilter {...field('event')} />
        {text('repository', 'Repository', 'foo/bar')}
        {text('tag', 'Tag', '1.0')}
        {text('digest', 'Digest', 'sha256:…')}
        <label>
          From
          <input type="datetime-local" {...field('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" {...field('to')} />
        </label>
      </form>

      <div className="toolbar">
        <button type="button" onClick={reload}>
          Refresh
        </button>
        <label className="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Refresh every{' '}
          {REFRESH_MS / 1000} s
        </label>
        <span className="hint" role="status">
          {list.loading ? 'Loading…' : updatedAt ? `Updated ${formatTime(updatedAt.toISOString())}` : ''}
        </span>
      </div>
      <ErrorMessage error={list.error} />

      <table className="list" aria-label="Deliveries">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            <th scope="col">Event type</th>
            <th scope="col">Repository</th>
            <th scope="col">Tag</th>
            <th scope="col">Digest</th>
            <th scope="col">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {items.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <Link to={href(`/deliveries/${delivery.id}`)} aria-label={`Delivery ${delivery.id}`}>
                  {formatTime(delivery.createdAt)}
                </Link>
              </td>
              <td>
                <DeliveryStatusBadge status={delivery.status} />
              </td>
              <td>
                {delivery.eventType}
                {delivery.kind !== 'event' && <span className="tag">{delivery.kind}</span>}
              </td>
              <td>{delivery.repository ?? '—'}</td>
              <td>{delivery.tag ?? '—'}</td>
              <td title={delivery.digest ?? undefined}>
                <code>{shortDigest(delivery.digest)}</code>
              </td>
              <td>{delivery.attemptCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.total === 0 && (
        <p className="empty">No deliveries {filtered ? 'match these filters' : 'yet'}.</p>
      )}
      {list.data && (
        <Pager page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={goToPage} />
      )}
    </main>
  );
}
