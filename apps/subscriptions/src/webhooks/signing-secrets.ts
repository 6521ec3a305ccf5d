import { SigningSecret } from '@app/events';

/** The current secret and at most this many previous ones still inside their overlap window. */
export const MAX_PREVIOUS_SECRETS = 4;

/** Drops secrets whose overlap window has ended. */
export function pruneExpired(secrets: readonly SigningSecret[], now: Date): SigningSecret[] {
  return secrets.filter(
    (secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime(),
  );
}

/**
 * A rotation: `next` becomes the current secret; the previous current one stays valid until
 * now + overlap; earlier ones keep their own expiry. Expired ones are dropped.
 */
export function rotate(
  secrets: readonly SigningSecret[],
  next: string,
  now: Date,
  overlapMs: number,
): SigningSecret[] {
  const expiresAt = new Date(now.getTime() + overlapMs).toISOString();
  const previous = pruneExpired(
    secrets
      .filter((secret) => secret.secret !== next)
      .map((secret) => (secret.expiresAt === undefined ? { ...secret, expiresAt } : secret)),
    now,
  );
  return [{ secret: next }, ...previous.slice(0, MAX_PREVIOUS_SECRETS)];
}
