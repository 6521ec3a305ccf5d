import { useEffect, useState } from 'react';
import { useLoad, useSession } from '../api/context';
import type { AttemptView, DeliveryView, RedeliveryView, WebhookView } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { DeliveryStatusBadge } from '../components/StatusBadge';
import { CodeBlock, ErrorMessage, Field, HeadersTable } from '../components/Text';
import { curlCommand } from '../curl';
import { formatTime } from '../format';
import { href, Link } from '../router';
import { REFRESH_MS } from './Deliveries';

function Attempt({ attempt }: { attempt: AttemptView }) {
  const { request, response, error } = attempt;
  return (
    <article className="attempt" aria-labelledby={`attempt-${attempt.number}`}>
      <h3 id={`attempt-${attempt.number}`}>
        Attempt {attempt.number}: {attempt.outcome}
        {response ? ` (${response.statusCode})` : error ? ` (${error.code})` : ''}
      </h3>
      <dl className="fields">
        <Field label="At">{formatTime(attempt.at)}</Field>
        <Field label="Duration">{attempt.durationMs} ms</Field>
        {attempt.nextAttemptAt && <Field label="Next attempt">{formatTime(attempt.nextAttemptAt)}</Field>}
        {error && (
          <Field label="Error">
            <code>{error.code}</code> {error.message}
          </Field>
        )}
      </dl>
      <div className="exchange">
        <section aria-label={`Attempt ${attempt.number} request`}>
          <h4>Request</h4>
          <p className="request-line">
            <strong>POST</strong> <span aria-label="Request URL">{request.url}</span>
          </p>
          <HeadersTable headers={request.headers} label="Request headers" />
          <CodeBlock text={request.body} label="Request body" />
          <CopyButton text={curlCommand(request)} label="Copy as curl" />
        </section>
        <section aria-label={`Attempt ${attempt.number} response`}>
          <h4>Response</h4>
          {response ? (
            <>
              <p className="request-line">
                Status <strong aria-label="Response status">{response.statusCode}</strong>
              </p>
              <HeadersTable headers={response.headers} label="Response headers" />
              <CodeBlock text={response.body} label="Response body" json={false} />
              {response.truncated && <p className="hint">The body was cut at 16 KiB.</p>}
            </>
          ) : (
            <p>No response{error ? `: ${error.message}` : ''}</p>
          )}
        </section>
      </div>
    </article>
  );
}

export function DeliveryDetail({ id }: { id: string }) {
  const { api } = useSession();
  const delivery = useLoad((client) => client.get<DeliveryView>(`/deliveries/${id}`), [id]);
  const webhookId = delivery.data?.webhookId;
  const webhook = useLoad(
    (client) => (webhookId ? client.get<WebhookView>(`/webhooks/${webhookId}`) : Promise.resolve(undefined)),
    [webhookId],
  );
  const [redelivered, setRedelivered] = useState<RedeliveryView>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const { reload } = delivery;
  const pending = delivery.data?.status === 'pending';

  // A delivery still being retried gains attempts while it is open.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, reload]);

  const redeliver = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setRedelivered(await api.post<RedeliveryView>(`/deliveries/${id}/redeliver`));
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  if (!delivery.data) {
    return (
      <main>
        {delivery.error ? <ErrorMessage error={delivery.error} /> : <p className="loading">Loading…</p>}
      </main>
    );
  }
  const d = delivery.data;
  return (
    <main>
      <p className="crumbs">
        <Link to={href('/')}>Webhooks</Link> /{' '}
        <Link to={href(`/webhooks/${d.webhookId}`)}>{webhook.data?.name ?? 'webhook'}</Link> /{' '}
        <Link to={href(`/webhooks/${d.webhookId}/deliveries`)}>deliveries</Link> / {d.id}
      </p>
      <div className="title-row">
        <h1>Delivery {d.id}</h1>
        <DeliveryStatusBadge status={d.status} />
      </div>
      <div className="toolbar">
        {d.kind !== 'ping' && (
          <button type="button" className="primary" disabled={busy} onClick={() => void redeliver()}>
            Redeliver
          </button>
        )}
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={error} />
      {redelivered && (
        <p role="status" className="ok">
          Queued as delivery {redelivered.deliveryId}; it shows in the{' '}
          <Link to={href(`/webhooks/${d.webhookId}/deliveries`)}>deliveries</Link> once attempted.
        </p>
      )}
      <dl className="fields">
        <Field label="Event type">
          {d.eventType}
          {d.kind !== 'event' && <span className="tag">{d.kind}</span>}
        </Field>
        <Field label="Event id">{d.eventId}</Field>
        {d.repository && <Field label="Repository">{d.repository}</Field>}
        {d.tag && <Field label="Tag">{d.tag}</Field>}
        {d.digest && (
          <Field label="Digest">
            <code>{d.digest}</code>
          </Field>
        )}
        <Field label="Created">{formatTime(d.createdAt)}</Field>
        <Field label="Attempts">{d.attemptCount}</Field>
      </dl>
      <h2>Attempts</h2>
      {d.attempts.map((attempt) => (
        <Attempt key={attempt.number} attempt={attempt} />
      ))}
    </main>
  );
}
