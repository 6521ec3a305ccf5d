import { useEffect, useState } from 'react';
import { useLoad, useSession } from '../api/context';
import type {
  LastTriggerView,
  PingResultView,
  RecoveryView,
  RotatedSecretView,
  WebhookStatsView,
  WebhookView,
} from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { DeliveriesChart } from '../components/DeliveriesChart';
import { ConfirmDialog } from '../components/Dialog';
import { WebhookStatusBadge } from '../components/StatusBadge';
import { CodeBlock, ErrorMessage, Field, HeadersTable } from '../components/Text';
import {
  durationInWords,
  formatRelative,
  formatTime,
  fromLocalInput,
  scopeLabel,
  toLocalInput,
} from '../format';
import { href, Link, navigate } from '../router';
import { useSecretFlash, type SecretFlash } from '../secret-flash';

export function WebhookTabs({ id, current }: { id: string; current: 'overview' | 'deliveries' }) {
  return (
    <nav className="tabs" aria-label="Webhook">
      <Link to={href(`/webhooks/${id}`)} aria-current={current === 'overview' ? 'page' : undefined}>
        Overview
      </Link>
      <Link
        to={href(`/webhooks/${id}/deliveries`)}
        aria-current={current === 'deliveries' ? 'page' : undefined}
      >
        Deliveries
      </Link>
    </nav>
  );
}

/** The signing secret the API just returned, shown this once. */
function SecretOnce({ flash, onDismiss }: { flash: SecretFlash; onDismiss: () => void }) {
  const overlap = flash.previousSecretExpiresAt ? Date.parse(flash.previousSecretExpiresAt) - Date.now() : 0;
  return (
    <section className="secret" aria-labelledby="secret-title">
      <h2 id="secret-title">{flash.previousSecretExpiresAt ? 'New signing secret' : 'Signing secret'}</h2>
      <p>
        Copy it now: it is shown only this once. Receivers verify the <code>webhook-signature</code> header
        with it (Standard Webhooks).
      </p>
      <p className="secret-value">
        <code aria-label="Signing secret">{flash.secret}</code> <CopyButton text={flash.secret} />
      </p>
      {flash.previousSecretExpiresAt && (
        <p>
          The previous secret keeps signing alongside the new one until{' '}
          {formatTime(flash.previousSecretExpiresAt)} (
          {durationInWords(Math.max(0, Math.round(overlap / 60_000) * 60_000))} from now), so receivers can
          switch over without rejecting a delivery.
        </p>
      )}
      <button type="button" onClick={onDismiss}>
        I have saved it
      </button>
    </section>
  );
}

function PingOutcome({ result }: { result: PingResultView }) {
  const [open, setOpen] = useState(false);
  const summary = result.success
    ? `Success (${result.statusCode})`
    : result.statusCode !== null
      ? `Failed (${result.statusCode})`
      : `Failed: ${result.error?.code ?? 'no response'}`;
  return (
    <div className={result.success ? 'ping ok' : 'ping failed'} role="status">
      <p>
        <strong>{summary}</strong> — {result.durationMs} ms{' '}
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'View details'}
        </button>
      </p>
      {!result.success && result.error && <p className="error-text">{result.error.message}</p>}
      {open && (
        <div className="details">
          <p>
            Delivery <Link to={href(`/deliveries/${result.deliveryId}`)}>{result.deliveryId}</Link> in the log
          </p>
          {result.response ? (
            <>
              <h3>Response headers</h3>
              <HeadersTable headers={result.response.headers} label="Ping response headers" />
              <h3>Response body{result.response.truncated ? ' (cut at 16 KiB)' : ''}</h3>
              <CodeBlock text={result.response.body} label="Ping response body" json={false} />
            </>
          ) : (
            <p>No response arrived.</p>
          )}
        </div>
      )}
    </div>
  );
}

type Dialog = 'rotate' | 'recover' | 'delete' | null;

export function WebhookDetail({ id }: { id: string }) {
  const { api } = useSession();
  const { flash, show } = useSecretFlash();
  const webhook = useLoad((client) => client.get<WebhookView>(`/webhooks/${id}`), [id]);
  const triggers = useLoad((client) => client.get<LastTriggerView[]>(`/webhooks/${id}/last-trigger`), [id]);
  const stats = useLoad((client) => client.get<WebhookStatsView>(`/webhooks/${id}/stats`), [id]);
  const [ping, setPing] = useState<PingResultView>();
  const [pinging, setPinging] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const [recoverSince, setRecoverSince] = useState(() => toLocalInput(new Date(Date.now() - 86_400_000)));
  const [recovered, setRecovered] = useState<RecoveryView>();
  const secret = flash?.webhookId === id ? flash : null;

  useEffect(() => {
    if (webhook.data) document.title = `${webhook.data.name} · registry-webhooks`;
  }, [webhook.data]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await work();
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setBusy(false);
      setDialog(null);
    }
  };
  const sendPing = async () => {
    setPinging(true);
    setActionError(undefined);
    try {
      setPing(await api.post<PingResultView>(`/webhooks/${id}/ping`));
      stats.reload();
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setPinging(false);
    }
  };

  if (!webhook.data) {
    return (
      <main>
        {webhook.error ? <ErrorMessage error={webhook.error} /> : <p className="loading">Loading…</p>}
      </main>
    );
  }
  const w = webhook.data;
  return (
    <main>
      <p className="crumbs">
        <Link to={href('/')}>Webhooks</Link> / {w.name}
      </p>
      <div className="title-row">
        <h1>{w.name}</h1>
        <WebhookStatusBadge webhook={w} />
      </div>
      <WebhookTabs id={id} current="overview" />
      {secret && <SecretOnce flash={secret} onDismiss={() => show(null)} />}

      <div className="toolbar" role="toolbar" aria-label="Webhook actions">
        <button type="button" className="primary" onClick={() => void sendPing()} disabled={pinging}>
          {pinging ? 'Pinging…' : 'Ping'}
        </button>
        <Link to={href(`/webhooks/${id}/edit`)} className="button">
          Edit
        </Link>
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              await api.patch(`/webhooks/${id}`, { enabled: !w.enabled });
              webhook.reload();
            })
          }
        >
          {w.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" onClick={() => setDialog('rotate')}>
          Rotate secret
        </button>
        <button type="button" onClick={() => setDialog('recover')}>
          Recover failed since…
        </button>
        <button type="button" className="danger" onClick={() => setDialog('delete')}>
          Delete
        </button>
      </div>
      <ErrorMessage error={actionError} />
      {ping && <PingOutcome result={ping} />}
      {recovered && (
        <p role="status" className="ok">
          {recovered.count === 0
            ? `Nothing to recover: no delivery since ${formatTime(recovered.since)} failed for good.`
            : `${recovered.count} ${recovered.count === 1 ? 'delivery' : 'deliveries'} since ${formatTime(recovered.since)} queued for redelivery.`}{' '}
          <Link to={href(`/webhooks/${id}/deliveries`)}>See the deliveries</Link>
        </p>
      )}

      <div className="columns">
        <section aria-labelledby="settings-title">
          <h2 id="settings-title">Settings</h2>
          <dl className="fields">
            <Field label="Description">{w.description ?? <span className="hint">none</span>}</Field>
            <Field label="Scope">{scopeLabel(w.scope)}</Field>
            <Field label="Events">{w.events.join(', ')}</Field>
            <Field label="Target">
              <span className="tag">{w.target.type}</span> {w.target.url}
            </Field>
            {w.target.type === 'http' && (
              <Field label="Format">
                {w.cloudEventsMode ? `${w.format} (${w.cloudEventsMode})` : w.format}
              </Field>
            )}
            <Field label="Headers">
              <HeadersTable headers={w.target.headers} label="Custom headers" />
            </Field>
            <Field label="Authorization">
              {w.target.authorization ?? <span className="hint">none</span>}
            </Field>
            <Field label="Verify TLS">{w.target.verifyTls ? 'yes' : 'no'}</Field>
            {w.target.caCert && <Field label="CA certificate">set</Field>}
            <Field label="Retry schedule">{w.retry ? w.retry.schedule.join(', ') : 'service default'}</Field>
            <Field label="Ordered">{w.ordered ? 'yes' : 'no'}</Field>
            <Field label="Created">
              {formatTime(w.createdAt)} by {w.createdBy}
            </Field>
            <Field label="Updated">{formatTime(w.updatedAt)}</Field>
          </dl>
        </section>
        <section aria-labelledby="health-title">
          <h2 id="health-title">Last 24 hours</h2>
          {stats.data ? <DeliveriesChart stats={stats.data} /> : <ErrorMessage error={stats.error} />}
          <h2>Last trigger per event type</h2>
          {triggers.data && triggers.data.length === 0 && <p className="hint">Not triggered yet.</p>}
          {triggers.data && triggers.data.length > 0 && (
            <table className="list compact" aria-label="Last trigger per event type">
              <thead>
                <tr>
                  <th scope="col">Event type</th>
                  <th scope="col">Last triggered</th>
                </tr>
              </thead>
              <tbody>
                {triggers.data.map((trigger) => (
                  <tr key={trigger.eventType}>
                    <td>{trigger.eventType}</td>
                    <td title={formatTime(trigger.lastTriggeredAt)}>
                      {formatRelative(trigger.lastTriggeredAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ErrorMessage error={triggers.error} />
        </section>
      </div>

      {dialog === 'rotate' && (
        <ConfirmDialog
          title="Rotate the signing secret?"
          confirmLabel="Rotate secret"
          busy={busy}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            void act(async () => {
              const rotated = await api.post<RotatedSecretView>(`/webhooks/${id}/rotate-secret`, {});
              show({
                webhookId: id,
                secret: rotated.secret,
                previousSecretExpiresAt: rotated.previousSecretExpiresAt,
              });
              webhook.reload();
            })
          }
        >
          <p>
            A new secret is generated and shown once. For the overlap window the service is configured with
            (SECRET_ROTATION_OVERLAP) every delivery is signed with both the new and the current secret, so
            receivers can switch without rejecting anything; the end of the window is shown after rotating.
          </p>
        </ConfirmDialog>
      )}
      {dialog === 'recover' && (
        <ConfirmDialog
          title="Recover failed deliveries"
          confirmLabel="Recover"
          busy={busy}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            void act(async () => {
              const since = fromLocalInput(recoverSince);
              if (!since) throw new Error('Choose a date and time to recover from');
              setRecovered(await api.post<RecoveryView>(`/webhooks/${id}/recover`, { since }));
            })
          }
        >
          <p>Every event whose delivery failed or died since this time is sent again, as a new delivery.</p>
          <label>
            Since
            <input
              type="datetime-local"
              value={recoverSince}
              onChange={(event) => setRecoverSince(event.target.value)}
            />
          </label>
        </ConfirmDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${w.name}?`}
          confirmLabel="Delete webhook"
          danger
          busy={busy}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            void act(async () => {
              await api.delete(`/webhooks/${id}`);
              navigate(href('/'));
            })
          }
        >
          <p>The webhook and its delivery log are deleted. Events stop being delivered to it at once.</p>
        </ConfirmDialog>
      )}
    </main>
  );
}
