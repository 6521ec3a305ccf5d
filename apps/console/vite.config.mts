/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

const path = (relative: string): string => decodeURIComponent(new URL(relative, import.meta.url).pathname);

/**
 * The web console: built into dist/apps/console, which the subscriptions app serves at /console.
 * Every asset is a file of its own (no inline script or style, no data: modules) so the console's
 * Content-Security-Policy can stay at 'self'.
 */
export default defineConfig({
  root: path('.'),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path('../../dist/apps/console'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    restoreMocks: true,
    testTimeout: 20_000,
  },
});
