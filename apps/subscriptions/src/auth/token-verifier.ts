import { Inject, Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  JWTVerifyGetKey,
  JWTVerifyOptions,
} from 'jose';
import { APP_CONFIG, AppConfig } from '../config';
import { InvalidClaimsError, Principal, principalFromClaims } from './principal';

/** Why a token was refused; `unavailable` = the key set could not be fetched (not the caller's fault). */
export class TokenRejected extends Error {
  constructor(
    message: string,
    readonly unavailable = false,
  ) {
    super(message);
  }
}

const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'];

/**
 * Verifies bearer JWTs: HS256 with AUTH_JWT_SECRET, RS256/ES256 against AUTH_JWKS_URL. `exp` and
 * `nbf` are always enforced; `iss` and `aud` when configured.
 */
@Injectable()
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly claimOptions: JWTVerifyOptions;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.AUTH_JWT_SECRET) this.secret = new TextEncoder().encode(config.AUTH_JWT_SECRET);
    if (config.AUTH_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    this.claimOptions = {
      ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
      ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
    };
  }

  async verify(token: string): Promise<Principal> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRejected('token is not valid');
    }
    const remote = alg !== 'HS256';
    try {
      if (!remote && this.secret) {
        const { payload } = await jwtVerify(token, this.secret, {
          ...this.claimOptions,
          algorithms: ['HS256'],
        });
        return principalFromClaims(payload);
      }
      if (remote && this.jwks) {
        const { payload } = await jwtVerify(token, this.jwks, {
          ...this.claimOptions,
          algorithms: ASYMMETRIC_ALGORITHMS,
        });
        return principalFromClaims(payload);
      }
    } catch (error) {
      throw toRejection(error, remote);
    }
    throw new TokenRejected(`token algorithm ${alg ?? '(none)'} is not accepted`);
  }
}

/** JOSE errors are the token's fault; anything else while using the JWKS comes from fetching it. */
function toRejection(error: unknown, remote: boolean): TokenRejected {
  if (error instanceof InvalidClaimsError) return new TokenRejected(error.message);
  if (error instanceof errors.JWTExpired) return new TokenRejected('token has expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new TokenRejected(`token ${error.claim} claim is not valid`);
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRejected('token algorithm is not accepted');
  if (error instanceof errors.JWKSTimeout)
    return new TokenRejected('the signing key set could not be fetched', true);
  if (error instanceof errors.JOSEError || !remote) return new TokenRejected('token is not valid');
  return new TokenRejected('the signing key set could not be fetched', true);
}
