import { useEffect, useState } from 'react';
import { useApi } from '../api/context';
import type { CatalogueEntryView, EventType, WebhookPreviewView } from '../api/types';
import { previewBody, type WebhookForm } from '../webhook-form';
import { ChatCard } from './ChatCard';
import { CodeBlock, ErrorMessage, HeadersTable } from './Text';

/** The exact request the form's settings would send for a sample event, refreshed as they change; nothing is sent. */
export function Preview({
  form,
  catalogue,
}: {
  form: WebhookForm;
  catalogue: readonly CatalogueEntryView[];
}) {
  const api = useApi();
  const [chosen, setChosen] = useState<EventType | ''>('');
  const eventType: EventType = chosen || form.events[0] || 'TAG_PUSH';
  const [preview, setPreview] = useState<WebhookPreviewView>();
  const [error, setError] = useState<Error>();
  const request = JSON.stringify(previewBody(form, eventType));

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api.post<WebhookPreviewView>('/webhooks/preview', JSON.parse(request)).then(
        (answer) => {
          if (!current) return;
          setPreview(answer);
          setError(undefined);
        },
        (failure: Error) => current && setError(failure),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, request]);

  return (
    <section className="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <label>
        Sample event
        <select value={eventType} onChange={(event) => setChosen(event.target.value as EventType)}>
          {catalogue.map((entry) => (
            <option key={entry.type} value={entry.type}>
              {entry.type}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">
        The catalogue example of {eventType}, formatted and signed as a delivery would be (credentials shown
        as [redacted], the signature made with a sample secret). Nothing is sent.
      </p>
      <ErrorMessage error={error} />
      {preview && (
        <div aria-live="polite">
          <p className="request-line">
            <strong>POST</strong> {preview.request.url ?? '(no URL yet)'}
          </p>
          {form.targetType !== 'http' && <ChatCard type={form.targetType} body={preview.request.body} />}
          <h3>Headers</h3>
          <HeadersTable headers={preview.request.headers} label="Preview headers" />
          <h3>Body</h3>
          <CodeBlock text={preview.request.body} label="Preview body" />
        </div>
      )}
    </section>
  );
}
