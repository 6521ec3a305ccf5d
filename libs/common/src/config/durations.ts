const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `5s`, `5m`, `2h`, `1d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration (use e.g. 500ms, 5s, 5m, 2h, 1d)`);
  return Math.round(Number(match[1]) * UNITS[match[2]]);
}

/** Milliseconds → the duration in the largest unit that holds it exactly: 300000 → `5m`, 1500 → `1500ms`. */
export function formatDuration(ms: number): string {
  const [unit, unitMs] = Object.entries(UNITS)
    .reverse()
    .find(([, size]) => ms !== 0 && ms % size === 0) ?? ['ms', 1];
  return `${ms / unitMs}${unit}`;
}

/** `5s,5m,30m` → [5000, 300000, 1800000]; an empty string is an empty schedule. */
export function parseDurationList(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map(parseDuration);
}
