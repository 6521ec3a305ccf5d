import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '@app/events';
import type { FormattedPayload } from '../formatter';
import { formatEvent, formatPing } from '../registry';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext, type Variant } from './fixtures';

/**
 * Golden files: `golden/<variant>.json` holds, for every fixture event and for the ping, the
 * headers and the body (as JSON, for reading) a variant produces. `UPDATE_GOLDENS=1` rewrites them
 * from the current code; otherwise specs compare against them.
 */

export const GOLDEN_CASES = [...EVENT_TYPES, 'PING'] as const;
export type GoldenCase = (typeof GOLDEN_CASES)[number];

export interface Golden {
  headers: Record<string, string>;
  body: unknown;
}

export function formatCase(variant: Variant, name: GoldenCase): FormattedPayload {
  const ctx = fixtureContext(variant);
  return name === 'PING' ? formatPing(ctx, FIXTURE_NOW) : formatEvent(FIXTURE_EVENTS[name], ctx);
}

const goldenPath = (variant: Variant): string => join(__dirname, 'golden', `${variant}.json`);

/** The checked-in goldens of a variant, first rewritten from the code when UPDATE_GOLDENS=1. */
export function loadGoldens(variant: Variant): Record<GoldenCase, Golden> {
  const path = goldenPath(variant);
  if (process.env.UPDATE_GOLDENS === '1') {
    const goldens = Object.fromEntries(
      GOLDEN_CASES.map((name) => {
        const { headers, body } = formatCase(variant, name);
        return [name, { headers, body: JSON.parse(body) as unknown }];
      }),
    );
    writeFileSync(path, `${JSON.stringify(goldens, null, 2)}\n`);
  }
  if (!existsSync(path)) throw new Error(`No golden file ${path}; run the spec with UPDATE_GOLDENS=1 to create it`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<GoldenCase, Golden>;
}
