import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from './credentials-cipher';

describe('CredentialsCipher', () => {
  const cipher = new CredentialsCipher(randomBytes(32));
  const row = '5b0d7c8e-0a6f-4b1e-9c3d-2f7a8e6b4d10';

  it('round-trips credentials, with a fresh IV every time and nothing readable in the ciphertext', () => {
    const credentials = { username: 'alice', password: 'correct horse battery staple' };
    const first = cipher.encrypt(credentials, row);
    const second = cipher.encrypt(credentials, row);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toContain('alice');
    expect(cipher.decrypt(first, row)).toEqual(credentials);
    expect(cipher.decrypt(cipher.encrypt({ token: 'ghp_abc' }, row), row)).toEqual({ token: 'ghp_abc' });
  });

  it('refuses a ciphertext of another row, another key, or tampered with', () => {
    const text = cipher.encrypt({ token: 't' }, row);
    expect(() => cipher.decrypt(text, 'another-row')).toThrow();
    expect(() => new CredentialsCipher(randomBytes(32)).decrypt(text, row)).toThrow();
    const parts = text.split('.');
    parts[3] = Buffer.from('{"token":"x"}').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), row)).toThrow();
    expect(() => cipher.decrypt('plain', row)).toThrow('not an encrypted credentials value');
  });

  it('needs a 32-byte key', () => {
    expect(() => new CredentialsCipher(randomBytes(16))).toThrow('32 bytes');
  });
});
