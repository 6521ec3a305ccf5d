import { useState } from 'react';
import { useApi, useLoad } from '../api/context';
import type { BulkAction, BulkResult, WebhookPage, WebhookStatsView, WebhookView } from '../api/types';
import { ConfirmDialog } from '../components/Dialog';
import { Pager } from '../components/Pager';
import { EventTypeFilter } from '../components/EventTypeFilter';
import { DeliveryStatusBadge, WebhookStatusBadge } from '../components/StatusBadge';
import { ErrorMessage } from '../components/Text';
import { formatPercent, formatRelative, formatTime, scopeLabel, targetHost } from '../format';
import { href, Link } from '../router';
import { useUrlFilters } from '../url-filters';

const FILTERS = ['namespace', 'repository', 'event', 'enabled'] as const;

const ACTION_LABELS: Record<BulkAction, string> = { enable: 'Enable', disable: 'Disable', delete: 'Delete' };
const DONE: Record<BulkAction, string> = { enable: 'enabled', disable: 'disabled', delete: 'deleted' };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Failure rate over 24 h and the newest delivery, from the webhook's stats. */
function HealthCells({ id }: { id: string }) {
  const { data, error } = useLoad((api) => api.get<WebhookStatsView>(`/webhooks/${id}/stats`), [id]);
  if (error)
    return (
      <td colSpan={2} className="hint">
        stats unavailable
      </td>
    );
  if (!data) {
    return (
      <>
        <td className="hint">…</td>
        <td className="hint">…</td>
      </>
    );
  }
  return (
    <>
      <td title={`${data.failed} of ${data.succeeded + data.failed} finished deliveries failed`}>
        {formatPercent(data.failureRate)}
      </td>
      <td>
        {data.lastDelivery ? (
          <span title={formatTime(data.lastDelivery.createdAt)}>
            {formatRelative(data.lastDelivery.createdAt)}{' '}
            <DeliveryStatusBadge status={data.lastDelivery.status} />
          </span>
        ) : (
          <span className="hint">never</span>
        )}
      </td>
    </>
  );
}

export function WebhookList() {
  const api = useApi();
  const { page, applied, filtered, field, goToPage } = useUrlFilters(FILTERS, '/');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<BulkAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string>();
  const [bulkError, setBulkError] = useState<Error>();

  const list = useLoad(
    (client) => client.get<WebhookPage>('/webhooks', { ...applied, page, pageSize: 20 }),
    [applied, page],
  );

  const items = list.data?.items ?? [];
  const chosen = items.filter((webhook) => selected.has(webhook.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allChosen = items.length > 0 && chosen.length === items.length;

  const apply = async () => {
    if (!pending) return;
    setBusy(true);
    setBulkError(undefined);
    try {
      const result = await api.post<BulkResult>('/webhooks/bulk', {
        action: pending,
        ids: chosen.map((w) => w.id),
      });
      const changed = result.results.filter((r) => r.status !== 'not_found').length;
      const missing = result.results.length - changed;
      setOutcome(
        `${plural(changed, 'webhook')} ${DONE[pending]}` +
          (missing > 0 ? `; ${plural(missing, 'webhook')} no longer found` : ''),
      );
      setSelected(new Set());
      list.reload();
    } catch (error) {
      setBulkError(error as Error);
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  return (
    <main>
      <div className="title-row">
        <h1>Webhooks</h1>
        <Link to={href('/webhooks/new')} className="button primary">
          New webhook
        </Link>
      </div>

      <form className="filters" aria-label="Filter webhooks" onSubmit={(event) => event.preventDefault()}>
        <label>
          Namespace
          <input {...field('namespace')} placeholder="foo" />
        </label>
        <label>
          Repository
          <input {...field('repository')} placeholder="foo/bar" />
        </label>
        <EventTypeFilter {...field('event')} />
        <label>
          Status
          <select {...field('enabled')}>
            <option value="">any</option>
            <option value="true">enabled</option>
            <option value="false">disabled</option>
          </select>
        </label>
      </form>

      <div className="bulk" role="toolbar" aria-label="Selected webhooks">
        <span>{chosen.length === 0 ? 'None selected' : `${plural(chosen.length, 'webhook')} selected`}</span>
        {(Object.keys(ACTION_LABELS) as BulkAction[]).map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'delete' ? 'danger' : undefined}
            disabled={chosen.length === 0}
            onClick={() => {
              setOutcome(undefined);
              setPending(action);
            }}
          >
            {ACTION_LABELS[action]}
          </button>
        ))}
        {outcome && (
          <span role="status" className="ok">
            {outcome}
          </span>
        )}
      </div>
      <ErrorMessage error={bulkError ?? list.error} />

      <table className="list">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all on this page"
                checked={allChosen}
                onChange={() => setSelected(allChosen ? new Set() : new Set(items.map((w) => w.id)))}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Target</th>
            <th scope="col">Format</th>
            <th scope="col">Scope</th>
            <th scope="col">Events</th>
            <th scope="col">Failure rate (24 h)</th>
            <th scope="col">Last delivery</th>
          </tr>
        </thead>
        <tbody>
          {items.map((webhook: WebhookView) => (
            <tr key={webhook.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${webhook.name}`}
                  checked={selected.has(webhook.id)}
                  onChange={() => toggle(webhook.id)}
                />
              </td>
              <td>
                <Link to={href(`/webhooks/${webhook.id}`)}>{webhook.name}</Link>
              </td>
              <td>
                <WebhookStatusBadge webhook={webhook} />
              </td>
              <td>
                <span className="tag">{webhook.target.type}</span> {targetHost(webhook.target.url)}
              </td>
              <td>{webhook.target.type === 'http' ? webhook.format : '—'}</td>
              <td>{scopeLabel(webhook.scope)}</td>
              <td className="events">{webhook.events.join(', ')}</td>
              <HealthCells id={webhook.id} />
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.total === 0 && (
        <p className="empty">
          No webhooks {filtered ? 'match these filters' : 'yet'}.{' '}
          <Link to={href('/webhooks/new')}>Create one</Link>.
        </p>
      )}
      {list.data && (
        <Pager page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={goToPage} />
      )}

      {pending && (
        <ConfirmDialog
          title={`${ACTION_LABELS[pending]} ${plural(chosen.length, 'webhook')}?`}
          confirmLabel={`${ACTION_LABELS[pending]} ${plural(chosen.length, 'webhook')}`}
          danger={pending === 'delete'}
          busy={busy}
          onConfirm={() => void apply()}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending === 'delete'
              ? 'These webhooks and their delivery logs will be deleted. This cannot be undone.'
              : pending === 'disable'
                ? 'These webhooks stop receiving events until they are enabled again.'
                : 'These webhooks receive events again from now on.'}
          </p>
          <ul>
            {chosen.map((webhook) => (
              <li key={webhook.id}>{webhook.name}</li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </main>
  );
}
