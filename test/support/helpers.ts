import { CanonicalEvent, exampleEvent } from '@app/events';
import { ulid } from 'ulid';
import { TopicCollector } from './kafka';
import { Stack } from './stack';

/** A valid TAG_PUSH for `repository` with a fresh id. */
export function tagPush(repository: string, tag = '1.0'): CanonicalEvent {
  const base = exampleEvent('TAG_PUSH');
  const namespace = repository.split('/')[0];
  return {
    ...base,
    id: ulid(),
    target: { ...base.target, namespace, repository, tag, url: `registry.example.com/${repository}:${tag}` },
  } as CanonicalEvent;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let names = 0;

/**
 * Creates a webhook through the subscriptions API and waits until its record is on the compacted
 * topic, plus a moment for the dispatchers' views (they apply changes within a fetch wait, 100 ms).
 */
export async function createWebhook(
  stack: Stack,
  subscriptionsTopic: TopicCollector,
  options: { repository: string; url: string; body?: Record<string, unknown> },
): Promise<{ id: string; secret: string }> {
  names += 1;
  const created = await stack.createWebhook({
    name: `hook${Date.now().toString(36)}${names}`,
    scope: { type: 'repository', repository: options.repository },
    events: ['TAG_PUSH'],
    target: { type: 'http', url: options.url },
    format: 'default',
    ...options.body,
  });
  await subscriptionsTopic.waitFor(1, 15_000, (m) => m.key === created.id);
  await sleep(500);
  return created;
}

/**
 * Registers an afterEach that, when the test just run failed, prints the apps' recent output and
 * writes all of it under test/output/logs/ (for a CI run's artifacts).
 */
export function printLogsOnFailure(stack: () => Stack | undefined): void {
  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) {
      const saved = stack()?.saveLogs(state.currentTestName ?? 'test');
      process.stdout.write(
        `${state.currentTestName}\n${stack()?.logs() ?? ''}\n${saved ? `(all of it in ${saved})\n` : ''}`,
      );
    }
  });
}

/**
 * Produces `events` in produce requests of `chunkSize` while keeping at most `window` of them
 * produced but not yet `done()` (a count the caller keeps, e.g. events seen by a receiver), so the
 * events flow through the test rather than wait in a backlog. A request Kafka refuses (a broker
 * down) is sent again. Fails if the pipeline stops making progress for `stallTimeoutMs`.
 */
export async function produceStreaming(
  stack: Stack,
  events: readonly CanonicalEvent[],
  done: () => number,
  { window = 1_000, chunkSize = 100, stallTimeoutMs = 60_000 } = {},
): Promise<void> {
  for (let start = 0; start < events.length; start += chunkSize) {
    const stalledAt = Date.now() + stallTimeoutMs;
    while (start - done() > window - chunkSize) {
      if (Date.now() > stalledAt)
        throw new Error(`${start - done()} events produced and not done for ${stallTimeoutMs} ms`);
      await sleep(20);
    }
    // Like a registry that must not lose an event: a refused produce request is sent again.
    for (;;) {
      try {
        await stack.produceEvents(events.slice(start, start + chunkSize));
        break;
      } catch (error) {
        if (Date.now() > stalledAt) throw error;
        await sleep(500);
      }
    }
  }
}
