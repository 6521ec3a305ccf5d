import { z } from 'zod';

/** A bad setting: the message names every variable at fault, and the app stops at boot. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses process environment variables against a zod object schema whose keys are the variable
 * names. The message quotes each bad value, except those of `secrets` (tokens, keys).
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  secrets: readonly string[] = [],
): z.output<S> {
  const emptyAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(emptyAsUnset);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const variable = String(issue.path[0]);
      const given = issue.path.length && !secrets.includes(variable) ? env[variable] : undefined;
      return `${name}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
    }),
  );
}
