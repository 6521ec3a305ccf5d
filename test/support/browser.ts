import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium); no browser is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Screenshots of every console screen, for people to look at (git-ignored). */
export const SCREENSHOT_DIR = join(__dirname, '..', 'output', 'console');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions, console errors and CSP reports of every page, to assert on. */
  problems: string[];
  /** The whole page, or only `part` of it. */
  screenshot(name: string, part?: Locator): Promise<void>;
  close(): Promise<void>;
}

/** A fresh Chromium profile (its own user-data dir) with one page. */
export async function launchBrowser(origin: string): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: the console tests drive Debian's Chromium (apt-get install -y chromium)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'rw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const problems: string[] = [];
  context.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    page,
    problems,
    screenshot: async (name, part) => {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await (part ? part.screenshot({ path }) : page.screenshot({ path, fullPage: true }));
    },
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waiting assertions on a locator (playwright-core has no test runner, so no web-first `expect`):
 * each polls until it holds or `timeout` ms pass, then fails with what it last saw.
 */
export function expectLocator(locator: Locator, { timeout = 20_000 } = {}) {
  const until = async (what: string, probe: () => Promise<{ ok: boolean; seen: unknown }>, ms = timeout) => {
    const deadline = Date.now() + ms;
    let seen: unknown;
    for (;;) {
      try {
        const result = await probe();
        if (result.ok) return;
        seen = result.seen;
      } catch (error) {
        seen = (error as Error).message.split('\n')[0];
      }
      if (Date.now() > deadline)
        throw new Error(`${locator} did not ${what} within ${ms} ms; last saw ${JSON.stringify(seen)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const text = async () => ((await locator.textContent({ timeout: 1_000 })) ?? '').trim();
  return {
    toBeVisible: () => locator.waitFor({ state: 'visible', timeout }),
    toContainText: (expected: string, options: { timeout?: number } = {}) =>
      until(
        `contain ${JSON.stringify(expected)}`,
        async () => {
          const seen = await text();
          return { ok: seen.includes(expected), seen };
        },
        options.timeout,
      ),
    toHaveText: (expected: string | string[]) =>
      until(`have text ${JSON.stringify(expected)}`, async () => {
        const seen = Array.isArray(expected)
          ? (await locator.allTextContents()).map((t) => t.trim())
          : await text();
        return { ok: JSON.stringify(seen) === JSON.stringify(expected), seen };
      }),
    toHaveCount: (expected: number, options: { timeout?: number } = {}) =>
      until(
        `count ${expected}`,
        async () => {
          const seen = await locator.count();
          return { ok: seen === expected, seen };
        },
        options.timeout,
      ),
    toHaveValue: (expected: string) =>
      until(`have value ${JSON.stringify(expected)}`, async () => {
        const seen = await locator.inputValue({ timeout: 1_000 });
        return { ok: seen === expected, seen };
      }),
    toBeDisabled: () =>
      until('be disabled', async () => {
        const seen = await locator.isDisabled({ timeout: 1_000 });
        return { ok: seen, seen };
      }),
  };
}
