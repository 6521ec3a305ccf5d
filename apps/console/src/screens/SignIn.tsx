import { useId, useState, type FormEvent } from 'react';

/** The bearer token form; `npm start` also prints a link that signs the admin in directly. */
export function SignIn({ onSignIn, problem }: { onSignIn: (token: string) => void; problem?: string }) {
  const [token, setToken] = useState('');
  const hintId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() !== '') onSignIn(token.trim());
  };
  return (
    <main className="sign-in">
      <h1>registry-webhooks</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label htmlFor="token">Bearer token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-describedby={hintId}
          required
        />
        <p id={hintId} className="hint">
          A JWT the API accepts (claims sub, admin, access). It is kept in this tab only and removed when you
          sign out. <code>npm start</code> prints a console link that signs the admin in.
        </p>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
