import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CONSOLE_PATH = '/console';
/** Where the build puts the console: dist/apps/console, beside this app's dist/apps/subscriptions. */
export const CONSOLE_DIR = join(__dirname, '..', '..', '..', 'console');

/**
 * Everything the console loads comes from this origin; nothing inline, no frames, no plugins.
 * Trusted Types make any string-to-HTML sink throw, a second line behind React's escaping.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function setConsoleHeaders(res: Response, cacheable: boolean): void {
  for (const [name, value] of Object.entries(CONSOLE_HEADERS)) res.setHeader(name, value);
  // Built assets carry a content hash in their name; index.html must be fetched again to find new ones.
  res.setHeader('Cache-Control', cacheable ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * Serves the web console's static build at /console (and redirects / there). Paths under /console
 * that are not files are the single-page app's own routes and get its index.html; a missing asset
 * is a 404. The console is public: it holds no data, and every API call it makes needs a token.
 */
export function serveConsole(app: NestExpressApplication, dir: string = CONSOLE_DIR): void {
  const index = join(dir, 'index.html');
  const assets = join(dir, 'assets');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/' || req.path === CONSOLE_PATH) return res.redirect(302, `${CONSOLE_PATH}/`);
    next();
  });
  if (!existsSync(index)) {
    new Logger('Console').warn(`the web console is not built (${index} is missing); run npm run build`);
    app.use(CONSOLE_PATH, (_req: Request, res: Response) => {
      res.status(503).type('text/plain').send('The web console is not built: run npm run build.\n');
    });
    return;
  }
  app.useStaticAssets(dir, {
    prefix: `${CONSOLE_PATH}/`,
    index: 'index.html',
    fallthrough: true,
    setHeaders: (res, path) => setConsoleHeaders(res, path.startsWith(assets)),
  });
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/assets/')) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    setConsoleHeaders(res, false);
    res.sendFile(index);
  });
}
