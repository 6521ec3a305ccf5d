import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a registry may ask of us: a user and password (Basic, or for its token service), or a bearer token. */
export type RegistryCredentials = { username: string; password: string } | { token: string };

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * Encrypts credentials at rest with AES-256-GCM under CREDENTIALS_ENCRYPTION_KEY. The row id is
 * the additional authenticated data, so a ciphertext copied to another row does not decrypt.
 * Stored as `v1.<iv>.<auth tag>.<ciphertext>`, base64url.
 */
export class CredentialsCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the credentials key must be 32 bytes');
  }

  encrypt(credentials: RegistryCredentials, rowId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(rowId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when the text was not written by this key for this row (another key, tampered, copied). */
  decrypt(text: string, rowId: string): RegistryCredentials {
    const [version, iv, tag, ciphertext] = text.split('.');
    if (version !== VERSION || ciphertext === undefined)
      throw new Error('not an encrypted credentials value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(rowId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as RegistryCredentials;
  }
}
