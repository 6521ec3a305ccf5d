import { SignJWT } from 'jose';

export interface TokenClaims {
  sub: string;
  admin?: boolean;
  access?: { type: 'repository' | 'namespace'; name: string; actions: string[] }[];
}

/** An HS256 bearer token as the subscriptions app expects (the Docker registry token's access shape). */
export function signToken(secret: string, claims: TokenClaims, expiresIn = '1h'): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
