import { EVENT_TYPES } from '@app/events';
import { formatEvent, signPayload, type DeliveryContext } from '@app/formatters';
import { FIXTURE_EVENTS, fixtureContext, VARIANTS } from '@app/formatters/__fixtures__/fixtures';

export interface FormatterBenchResult {
  /** An HTTP format, `cloudevents-binary`, or a chat channel. */
  format: string;
  events: number;
  /** Wall-clock time of all rounds. */
  seconds: number;
  eventsPerSecond: number;
  /**
   * Events per second of CPU time this process used: what one core of its own would do, which
   * the wall-clock rate understates when other processes share the machine.
   */
  eventsPerCpuSecond: number;
  /** The fastest round: the rate least disturbed by other work on the machine. */
  bestRoundEventsPerSecond: number;
  /** Mean body size, for reading the rate. */
  meanBodyBytes: number;
}

const DEFAULT_EVENTS_PER_FORMAT = 100_000;
const ROUNDS = 5;
const WARM_UP_EVENTS = 5_000;
/** One secret, the common case; during a rotation there are two and the HMAC work doubles. */
const SECRETS = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'];

interface Tally {
  seconds: number;
  cpuSeconds: number;
  bestRate: number;
  bytes: number;
}

/**
 * Formats and signs `eventsPerFormat` events per format in this process, cycling through one
 * realistic event of each type: the work a dispatcher does per delivery before the HTTP request,
 * on one core. The events are run in rounds, every format once per round, so that a burst of
 * other work on the machine is spread over all formats rather than falling on one.
 */
export async function runFormatterBench(
  options: { eventsPerFormat?: number } = {},
): Promise<FormatterBenchResult[]> {
  const count = options.eventsPerFormat ?? DEFAULT_EVENTS_PER_FORMAT;
  const events = EVENT_TYPES.map((type) => FIXTURE_EVENTS[type]);
  const timestamp = Math.floor(Date.now() / 1000);
  const contexts = VARIANTS.map((variant) => fixtureContext(variant));

  const run = (ctx: DeliveryContext, n: number): number => {
    let bytes = 0;
    let signed = 0;
    for (let i = 0; i < n; i++) {
      const event = events[i % events.length];
      const payload = formatEvent(event, ctx);
      const headers = signPayload({ webhookId: event.id, timestamp, body: payload.body, secrets: SECRETS });
      bytes += payload.body.length;
      if (headers['webhook-signature'].startsWith('v1,')) signed++;
    }
    if (signed !== n) throw new Error(`${n - signed} of ${n} events were not signed`);
    return bytes;
  };

  for (const ctx of contexts) run(ctx, Math.min(WARM_UP_EVENTS, count));
  const tallies: Tally[] = contexts.map(() => ({ seconds: 0, cpuSeconds: 0, bestRate: 0, bytes: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    const n = Math.floor(count / ROUNDS) + (round < count % ROUNDS ? 1 : 0);
    for (const [index, ctx] of contexts.entries()) {
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      const bytes = run(ctx, n);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu = process.cpuUsage(cpuBefore);
      const tally = tallies[index];
      tally.seconds += seconds;
      tally.cpuSeconds += (cpu.user + cpu.system) / 1e6;
      tally.bestRate = Math.max(tally.bestRate, n / seconds);
      tally.bytes += bytes;
      // Let other work in this process (a bench runner's timers, GC) run between measurements.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return VARIANTS.map((format, index) => {
    const { seconds, cpuSeconds, bestRate, bytes } = tallies[index];
    return {
      format,
      events: count,
      seconds: Math.round(seconds * 1000) / 1000,
      eventsPerSecond: Math.round(count / seconds),
      eventsPerCpuSecond: Math.round(count / cpuSeconds),
      bestRoundEventsPerSecond: Math.round(bestRate),
      meanBodyBytes: Math.round(bytes / count),
    };
  });
}
