import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { scopeTypesFor } from '../access';
import { useCatalogue } from '../api/catalogue';
import { useLoad, useSession } from '../api/context';
import { ApiError } from '../api/client';
import type { CreatedWebhookView, EventType, Format, TargetType, WebhookView } from '../api/types';
import { EventTypePicker } from '../components/EventTypePicker';
import { Preview } from '../components/Preview';
import { ErrorMessage } from '../components/Text';
import { href, Link, navigate } from '../router';
import { useSecretFlash } from '../secret-flash';
import {
  createBody,
  emptyForm,
  fieldOfMessage,
  FormError,
  formFromWebhook,
  FORMATS,
  patchBody,
  scopeOf,
  TARGET_TYPES,
  type WebhookForm as Form,
} from '../webhook-form';

const SCOPE_LABELS = {
  global: 'global: every repository',
  namespace: 'namespace',
  repository: 'repository',
} as const;
const TARGET_LABELS: Record<TargetType, string> = {
  http: 'http (any endpoint)',
  slack: 'slack',
  teams: 'teams',
  discord: 'discord',
};

function Input(props: {
  label: string;
  hint?: ReactNode;
  invalid?: boolean;
  children: (ids: { id: string; describedBy?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className={props.invalid ? 'input invalid' : 'input'}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy: props.hint ? hintId : undefined })}
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** New webhook (no id) or edit webhook (id). */
export function WebhookForm({ id }: { id?: string }) {
  const { caller } = useSession();
  const existing = useLoad(
    (api) => (id ? api.get<WebhookView>(`/webhooks/${id}`) : Promise.resolve(undefined)),
    [id],
  );
  if (id && !existing.data) {
    return (
      <main>
        <h1>Edit webhook</h1>
        {existing.error ? <ErrorMessage error={existing.error} /> : <p className="loading">Loading…</p>}
      </main>
    );
  }
  return (
    <FormScreen
      key={id ?? 'new'}
      original={existing.data}
      initial={existing.data ? formFromWebhook(existing.data) : emptyForm(caller)}
    />
  );
}

function FormScreen({ original, initial }: { original?: WebhookView; initial: Form }) {
  const { api, caller } = useSession();
  const catalogue = useCatalogue();
  const flash = useSecretFlash();
  const [form, setForm] = useState<Form>(initial);
  const [error, setError] = useState<Error>();
  const [invalid, setInvalid] = useState<keyof Form>();
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Form>(field: K, value: Form[K]) =>
    setForm((current) => ({ ...current, [field]: value }));
  const scope = scopeOf(form);
  const chat = form.targetType !== 'http';
  const title = original ? `Edit ${original.name}` : 'New webhook';

  useEffect(() => {
    document.title = `${title} · registry-webhooks`;
  }, [title]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setInvalid(undefined);
    setSaving(true);
    try {
      if (original) {
        await api.patch<WebhookView>(`/webhooks/${original.id}`, patchBody(form, original));
        navigate(href(`/webhooks/${original.id}`));
      } else {
        const created = await api.post<CreatedWebhookView>('/webhooks', createBody(form));
        flash.show({ webhookId: created.id, secret: created.secret });
        navigate(href(`/webhooks/${created.id}`));
      }
    } catch (failure) {
      setError(failure as Error);
      if (failure instanceof FormError) setInvalid(failure.field);
      else if (failure instanceof ApiError) setInvalid(fieldOfMessage(failure.message));
    } finally {
      setSaving(false);
    }
  };
  const toggleEvent = (type: EventType) =>
    set(
      'events',
      form.events.includes(type) ? form.events.filter((t) => t !== type) : [...form.events, type],
    );

  return (
    <main className="form-screen">
      <h1>{title}</h1>
      <div className="form-layout">
        <form onSubmit={(event) => void submit(event)} aria-label={title} noValidate>
          <ErrorMessage error={error} />
          <section>
            <h2>General</h2>
            <Input
              label="Name"
              hint="5 to 50 lowercase letters and digits, unique within the scope"
              invalid={invalid === 'name'}
            >
              {({ id, describedBy }) => (
                <input
                  id={id}
                  aria-describedby={describedBy}
                  aria-invalid={invalid === 'name'}
                  value={form.name}
                  onChange={(e) => set('name', e.target.value)}
                  required
                />
              )}
            </Input>
            <Input label="Description" invalid={invalid === 'description'}>
              {({ id }) => (
                <textarea
                  id={id}
                  rows={2}
                  value={form.description}
                  onChange={(e) => set('description', e.target.value)}
                />
              )}
            </Input>
            <div className="input">
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.enabled}
                  onChange={(e) => set('enabled', e.target.checked)}
                />{' '}
                Enabled
              </label>
            </div>
          </section>

          <fieldset>
            <legend>Scope</legend>
            <Input
              label="Scope"
              hint="Which events reach it: every repository, one namespace, or one repository"
            >
              {({ id, describedBy }) => (
                <select
                  id={id}
                  aria-describedby={describedBy}
                  value={form.scopeType}
                  onChange={(e) => set('scopeType', e.target.value as Form['scopeType'])}
                >
                  {scopeTypesFor(caller).map((type) => (
                    <option key={type} value={type}>
                      {SCOPE_LABELS[type]}
                    </option>
                  ))}
                </select>
              )}
            </Input>
            {form.scopeType === 'global' && (
              <p className="hint">Every event of the chosen types, from every repository.</p>
            )}
            {form.scopeType === 'namespace' && (
              <Input
                label="Namespace"
                hint="Events of this namespace and every repository in it"
                invalid={invalid === 'repository'}
              >
                {({ id, describedBy }) =>
                  caller.admin ? (
                    <input
                      id={id}
                      aria-describedby={describedBy}
                      value={form.namespace}
                      onChange={(e) => set('namespace', e.target.value)}
                      placeholder="foo"
                    />
                  ) : (
                    <select
                      id={id}
                      aria-describedby={describedBy}
                      value={form.namespace}
                      onChange={(e) => set('namespace', e.target.value)}
                    >
                      {caller.namespaces.map((namespace) => (
                        <option key={namespace}>{namespace}</option>
                      ))}
                    </select>
                  )
                }
              </Input>
            )}
            {form.scopeType === 'repository' && (
              <>
                <Input
                  label="Repository"
                  invalid={invalid === 'repository'}
                  hint={
                    caller.admin
                      ? 'namespace/name, e.g. foo/bar'
                      : `You administer ${[...caller.namespaces.map((n) => `${n}/*`), ...caller.repositories].join(', ') || 'no repository'}`
                  }
                >
                  {({ id, describedBy }) => (
                    <>
                      <input
                        id={id}
                        list="repositories"
                        aria-describedby={describedBy}
                        aria-invalid={invalid === 'repository'}
                        value={form.repository}
                        onChange={(e) => set('repository', e.target.value)}
                        placeholder="foo/bar"
                      />
                      <datalist id="repositories">
                        {caller.repositories.map((repository) => (
                          <option key={repository} value={repository} />
                        ))}
                      </datalist>
                    </>
                  )}
                </Input>
                <Input
                  label="Tag filter"
                  hint="Optional glob: v* matches v1.0 and v2; empty matches every tag"
                >
                  {({ id, describedBy }) => (
                    <input
                      id={id}
                      aria-describedby={describedBy}
                      value={form.tag}
                      onChange={(e) => set('tag', e.target.value)}
                      placeholder="v*"
                    />
                  )}
                </Input>
              </>
            )}
          </fieldset>

          <fieldset aria-invalid={invalid === 'events'}>
            <legend>Event types</legend>
            {catalogue.data === undefined && <ErrorMessage error={catalogue.error} />}
            {catalogue.data && (
              <EventTypePicker
                catalogue={catalogue.data}
                caller={caller}
                scope={scope}
                selected={form.events}
                onToggle={toggleEvent}
              />
            )}
          </fieldset>

          <fieldset>
            <legend>Target</legend>
            <Input label="Target type">
              {({ id }) => (
                <select
                  id={id}
                  value={form.targetType}
                  onChange={(e) => set('targetType', e.target.value as TargetType)}
                >
                  {TARGET_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {TARGET_LABELS[type]}
                    </option>
                  ))}
                </select>
              )}
            </Input>
            <Input
              label="URL"
              invalid={invalid === 'url'}
              hint={
                chat
                  ? 'The incoming webhook URL the chat tool gave you'
                  : 'http or https; redirects are not followed'
              }
            >
              {({ id, describedBy }) => (
                <input
                  id={id}
                  type="url"
                  aria-describedby={describedBy}
                  aria-invalid={invalid === 'url'}
                  value={form.url}
                  onChange={(e) => set('url', e.target.value)}
                  placeholder="https://ci.example.com/hooks"
                  required
                />
              )}
            </Input>
            <Input
              label="Headers"
              invalid={invalid === 'headers'}
              hint="One Name: value per line, sent with every delivery"
            >
              {({ id, describedBy }) => (
                <textarea
                  id={id}
                  rows={3}
                  aria-describedby={describedBy}
                  aria-invalid={invalid === 'headers'}
                  value={form.headers}
                  onChange={(e) => set('headers', e.target.value)}
                  placeholder="X-Team: build"
                  spellCheck={false}
                />
              )}
            </Input>
            <Input
              label="Authorization"
              invalid={invalid === 'authorization'}
              hint={
                original?.target.authorization
                  ? `Set (${original.target.authorization}); leave empty to keep it`
                  : 'Sent verbatim as the Authorization header, e.g. Bearer abc'
              }
            >
              {({ id, describedBy }) => (
                <input
                  id={id}
                  type="password"
                  autoComplete="off"
                  aria-describedby={describedBy}
                  value={form.authorization}
                  onChange={(e) => set('authorization', e.target.value)}
                  disabled={form.removeAuthorization}
                />
              )}
            </Input>
            {original?.target.authorization && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.removeAuthorization}
                  onChange={(e) => set('removeAuthorization', e.target.checked)}
                />{' '}
                Remove authorization
              </label>
            )}
            <div className="input">
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.verifyTls}
                  onChange={(e) => set('verifyTls', e.target.checked)}
                />{' '}
                Verify TLS
              </label>
            </div>
            <Input
              label="CA certificate"
              invalid={invalid === 'caCert'}
              hint="PEM; trusted in addition to the system's CAs for this target"
            >
              {({ id, describedBy }) => (
                <textarea
                  id={id}
                  rows={3}
                  aria-describedby={describedBy}
                  value={form.caCert}
                  onChange={(e) => set('caCert', e.target.value)}
                  placeholder="-----BEGIN CERTIFICATE-----"
                  spellCheck={false}
                />
              )}
            </Input>
          </fieldset>

          <fieldset>
            <legend>Delivery</legend>
            <Input
              label="Format"
              hint={
                chat
                  ? 'Chat targets get a message in the chat tool’s own format'
                  : 'The body receivers get: ours, or the one a registry they know sends'
              }
            >
              {({ id, describedBy }) => (
                <select
                  id={id}
                  aria-describedby={describedBy}
                  value={form.format}
                  disabled={chat}
                  onChange={(e) => set('format', e.target.value as Format)}
                >
                  {FORMATS.map((format) => (
                    <option key={format}>{format}</option>
                  ))}
                </select>
              )}
            </Input>
            {!chat && form.format === 'cloudevents' && (
              <Input
                label="CloudEvents mode"
                hint="structured: the whole event in the body; binary: attributes as ce- headers"
              >
                {({ id, describedBy }) => (
                  <select
                    id={id}
                    aria-describedby={describedBy}
                    value={form.cloudEventsMode}
                    onChange={(e) => set('cloudEventsMode', e.target.value as Form['cloudEventsMode'])}
                  >
                    <option>structured</option>
                    <option>binary</option>
                  </select>
                )}
              </Input>
            )}
            <Input
              label="Retry schedule"
              invalid={invalid === 'retry'}
              hint="Delays before each retry, e.g. 10s, 1m, 1h; empty uses the service default"
            >
              {({ id, describedBy }) => (
                <input
                  id={id}
                  aria-describedby={describedBy}
                  aria-invalid={invalid === 'retry'}
                  value={form.retry}
                  onChange={(e) => set('retry', e.target.value)}
                  placeholder="5s, 5m, 30m, 2h"
                />
              )}
            </Input>
            <div className="input">
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.ordered}
                  onChange={(e) => set('ordered', e.target.checked)}
                  aria-describedby="ordered-hint"
                />{' '}
                Ordered
              </label>
              <p id="ordered-hint" className="hint">
                Later events wait behind a failing one instead of passing it.
              </p>
            </div>
          </fieldset>

          <div className="actions">
            <button type="submit" className="primary" disabled={saving}>
              {original ? 'Save' : 'Create'}
            </button>
            <Link to={original ? href(`/webhooks/${original.id}`) : href('/')} className="button">
              Cancel
            </Link>
          </div>
        </form>
        {catalogue.data && <Preview form={form} catalogue={catalogue.data} />}
      </div>
    </main>
  );
}
