import { hasControlCharacter } from '../common/control-characters';

/** One entry of the Docker registry token `access` claim. */
export interface AccessGrant {
  type: 'repository' | 'namespace';
  name: string;
  actions: string[];
}

/** The authenticated caller, from a verified token. */
export interface Principal {
  subject: string;
  admin: boolean;
  access: AccessGrant[];
}

export class InvalidClaimsError extends Error {}

/** Names and subjects end up in SQL parameters and logs: printable and bounded. */
const isCleanName = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= maxLength && !hasControlCharacter(value);

const isGrant = (value: unknown): value is AccessGrant => {
  if (typeof value !== 'object' || value === null) return false;
  const grant = value as Record<string, unknown>;
  return (
    (grant.type === 'repository' || grant.type === 'namespace') &&
    isCleanName(grant.name, 255) &&
    Array.isArray(grant.actions) &&
    grant.actions.every((action) => typeof action === 'string')
  );
};

/**
 * Claims → Principal. `sub` is required; `admin` must be exactly `true` to count; malformed
 * `access` entries are dropped (they could only grant less, never more).
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  if (!isCleanName(claims.sub, 1024) || claims.sub.trim() === '') {
    throw new InvalidClaimsError('token sub claim is missing or not a printable string');
  }
  const access = Array.isArray(claims.access) ? claims.access.filter(isGrant) : [];
  return {
    subject: claims.sub,
    admin: claims.admin === true,
    access: access.map(({ type, name, actions }) => ({ type, name, actions: [...actions] })),
  };
}
