import { createContext, useContext } from 'react';

/**
 * A signing secret the API returned once (on create or rotation). It is held in memory only, for
 * the detail screen to show once: never in storage, the URL or history state.
 */
export interface SecretFlash {
  webhookId: string;
  secret: string;
  /** Set after a rotation: until then the previous secret signs too. */
  previousSecretExpiresAt?: string;
}

export const SecretFlashContext = createContext<{
  flash: SecretFlash | null;
  show: (flash: SecretFlash | null) => void;
}>({ flash: null, show: () => undefined });

export const useSecretFlash = () => useContext(SecretFlashContext);
