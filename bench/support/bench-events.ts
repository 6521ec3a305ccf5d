import { ArtifactEvent, exampleEvent } from '@app/events';

/**
 * Every benchmark event carries its sequence number and the time it was produced in its id
 * (`bnchstamp-<sequence>-<epoch ms>`): ids must be unique anyway, the id reaches the receiver in
 * every format, and the receiver finds it without parsing the body.
 */
export const STAMP_PREFIX = 'bnchstamp-';
const STAMP = /^bnchstamp-(\d+)-(\d+(?:\.\d+)?)/;

export function stampId(sequence: number, producedAt: number): string {
  return `${STAMP_PREFIX}${sequence}-${producedAt.toFixed(3)}`;
}

export function parseStamp(text: string): { sequence: number; producedAt: number } | undefined {
  const match = STAMP.exec(text);
  return match ? { sequence: Number(match[1]), producedAt: Number(match[2]) } : undefined;
}

export const BENCH_NAMESPACE = 'bench';

/** `bench/r0` … `bench/r<count-1>`: the repositories the events are about, one subscription each. */
export function benchRepositories(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${BENCH_NAMESPACE}/r${i}`);
}

/** The events the benchmarks produce: pushes (every benchmark webhook subscribes to them) and pulls (none does). */
export type BenchEventType = 'TAG_PUSH' | 'TAG_PULL';

const TEMPLATES: Record<BenchEventType, ArtifactEvent> = {
  TAG_PUSH: exampleEvent('TAG_PUSH') as ArtifactEvent,
  TAG_PULL: exampleEvent('TAG_PULL') as ArtifactEvent,
};

/** A valid event (the catalogue's example) about `repository`, stamped with its sequence and produce time. */
export function stampedEvent(
  sequence: number,
  repository: string,
  producedAt: number,
  type: BenchEventType = 'TAG_PUSH',
): ArtifactEvent {
  const template = TEMPLATES[type];
  const namespace = repository.slice(0, repository.indexOf('/'));
  return {
    ...template,
    id: stampId(sequence, producedAt),
    occurredAt: new Date(producedAt).toISOString(),
    target: {
      ...template.target,
      namespace,
      repository,
      url: `${template.source}/${repository}:${template.target.tag}`,
    },
  };
}
