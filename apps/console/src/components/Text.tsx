import type { ReactNode } from 'react';
import { prettyJson } from '../format';
import { ApiError } from '../api/client';

/**
 * Text from outside (receivers' bodies and headers, descriptions, events) is only ever rendered as
 * React text children, which the DOM treats as characters, never as markup.
 */
export function CodeBlock({ text, label, json = true }: { text: string; label: string; json?: boolean }) {
  return (
    <pre className="code" aria-label={label} tabIndex={0}>
      {json ? prettyJson(text) : text}
    </pre>
  );
}

export function HeadersTable({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="hint">No headers</p>;
  return (
    <table className="headers" aria-label={label}>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ErrorMessage({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error instanceof ApiError ? `${error.message} (${error.status})` : error.message}
    </p>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
