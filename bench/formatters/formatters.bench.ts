import { EVENT_TYPES } from '@app/events';
import { formatEvent, signPayload } from '@app/formatters';
import { FIXTURE_EVENTS, fixtureContext, VARIANTS } from '@app/formatters/__fixtures__/fixtures';

export interface FormatterBenchResult {
  /** An HTTP format, `cloudevents-binary`, or a chat channel. */
  format: string;
  events: number;
  /** Wall-clock time of the timed loop. */
  seconds: number;
  eventsPerSecond: number;
  /**
   * Events per second of CPU time this process used in the loop: the rate on one core of its own,
   * which the wall-clock rate understates when other processes share the machine.
   */
  eventsPerCpuSecond: number;
  /** Mean body size, for reading the rate. */
  meanBodyBytes: number;
}

const DEFAULT_EVENTS_PER_FORMAT = 100_000;
/** Signing as during a secret rotation would double the HMAC work; one secret is the common case. */
const SECRETS = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'];
const WARM_UP_EVENTS = 5_000;

/**
 * Formats and signs `eventsPerFormat` events per format in this process, cycling through one
 * realistic event of each type, and reports events per second: the work a dispatcher does per
 * delivery before the HTTP request, on one core.
 */
export async function runFormatterBench(
  options: { eventsPerFormat?: number } = {},
): Promise<FormatterBenchResult[]> {
  const count = options.eventsPerFormat ?? DEFAULT_EVENTS_PER_FORMAT;
  const events = EVENT_TYPES.map((type) => FIXTURE_EVENTS[type]);
  const timestamp = Math.floor(Date.now() / 1000);
  const results: FormatterBenchResult[] = [];
  for (const variant of VARIANTS) {
    const ctx = fixtureContext(variant);
    const run = (n: number): number => {
      let bytes = 0;
      let signed = 0;
      for (let i = 0; i < n; i++) {
        const event = events[i % events.length];
        const payload = formatEvent(event, ctx);
        const headers = signPayload({ webhookId: event.id, timestamp, body: payload.body, secrets: SECRETS });
        bytes += payload.body.length;
        if (headers['webhook-signature'].startsWith('v1,')) signed++;
      }
      if (signed !== n) throw new Error(`${variant}: ${n - signed} of ${n} events were not signed`);
      return bytes;
    };
    run(Math.min(WARM_UP_EVENTS, count));
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const bytes = run(count);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    results.push({
      format: variant,
      events: count,
      seconds: Math.round(seconds * 1000) / 1000,
      eventsPerSecond: Math.round(count / seconds),
      eventsPerCpuSecond: Math.round(count / cpuSeconds),
      meanBodyBytes: Math.round(bytes / count),
    });
    // Let other work (a bench runner's timers, GC) in between formats.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}
