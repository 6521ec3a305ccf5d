import { byFamily, FAMILY_TITLES, schemaHref, useCatalogue } from '../api/catalogue';
import { CodeBlock, ErrorMessage } from '../components/Text';

const ACCESS = {
  'repository-admin': 'repository admin',
  'namespace-owner': 'namespace owner',
  admin: 'admin',
} as const;

export function EventTypes() {
  const catalogue = useCatalogue();
  return (
    <main>
      <h1>Event types</h1>
      <p>
        What registries report, and what a webhook can subscribe to. Each family has its own Kafka topic and
        JSON Schema; the example is a complete event of the type, the same one a preview formats.
      </p>
      <ErrorMessage error={catalogue.error} />
      {byFamily(catalogue.data ?? []).map(([family, entries]) => (
        <section key={family} aria-labelledby={`family-${family}`}>
          <h2 id={`family-${family}`}>{FAMILY_TITLES[family]}</h2>
          <p className="hint">
            Topic <code>{entries[0].topic}</code>
          </p>
          {entries.map((entry) => (
            <article key={entry.type} className="event-type" aria-labelledby={`type-${entry.type}`}>
              <h3 id={`type-${entry.type}`}>{entry.type}</h3>
              <p>{entry.description}</p>
              <p className="hint">
                Scope {entry.scope} · subscribed by a {ACCESS[entry.access]} ·{' '}
                {entry.availability === 'api-only' ? 'API only' : 'console and API'}
                {entry.aliases.length > 0 && ` · also accepted as ${entry.aliases.join(', ')}`} ·{' '}
                <a
                  href={schemaHref(entry.topic)}
                  target="_blank"
                  rel="noreferrer"
                  aria-label={`JSON Schema of ${entry.type}`}
                >
                  JSON Schema
                </a>
              </p>
              <details>
                <summary>Example {entry.type} event</summary>
                <CodeBlock text={JSON.stringify(entry.example)} label={`${entry.type} example`} />
              </details>
            </article>
          ))}
        </section>
      ))}
    </main>
  );
}
