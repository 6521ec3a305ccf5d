import { CanonicalEvent, derivedEventId, validateEvent } from '@app/events';
import { TagDigest } from './registry-client';

export interface TagChanges {
  /** New tags, and tags whose digest moved. */
  pushed: TagDigest[];
  /** Tags gone since the last sync, with the digest they had. */
  deleted: TagDigest[];
}

/**
 * What changed between the tags recorded and the tags the registry lists now. The first sync of a
 * repository announces every existing tag, or records them silently when `announceExisting` is off.
 */
export function tagChanges(
  recorded: ReadonlyMap<string, TagDigest>,
  current: readonly TagDigest[],
  first: { firstSync: boolean; announceExisting: boolean },
): TagChanges {
  if (first.firstSync) return { pushed: first.announceExisting ? [...current] : [], deleted: [] };
  const listed = new Set(current.map((tag) => tag.tag));
  return {
    pushed: current.filter((tag) => recorded.get(tag.tag)?.digest !== tag.digest),
    deleted: [...recorded.values()].filter((tag) => !listed.has(tag.tag)),
  };
}

export interface Watch {
  id: string;
  /** `https://host[:port]`. */
  registry: string;
  repository: string;
}

/**
 * TAG_PUSH for every pushed tag and TAG_DELETE for every deleted one, `source` the remote
 * registry's host. The id comes from the watch, the tag, its digest and the sync, so a repeated
 * publish of one sync is delivered once while a tag that moves back later is announced again.
 */
export function tagEvents(watch: Watch, changes: TagChanges, syncedAt: Date): CanonicalEvent[] {
  const host = new URL(watch.registry).host;
  const namespace = watch.repository.slice(0, watch.repository.indexOf('/'));
  const event = (type: 'TAG_PUSH' | 'TAG_DELETE', tag: TagDigest): CanonicalEvent => {
    const result = validateEvent({
      specversion: '1',
      id: derivedEventId('remote', [watch.id, type, tag.tag, tag.digest, syncedAt.toISOString()]),
      type,
      occurredAt: syncedAt.toISOString(),
      source: host,
      target: {
        namespace,
        repository: watch.repository,
        tag: tag.tag,
        digest: tag.digest,
        ...(tag.mediaType === undefined ? {} : { mediaType: tag.mediaType }),
        url: `${host}/${watch.repository}:${tag.tag}`,
      },
      data: { remoteRepository: { id: watch.id, registry: watch.registry } },
    });
    if (!result.ok)
      throw new Error(`tag ${tag.tag} gives no valid ${type} event: ${JSON.stringify(result.errors)}`);
    return result.value;
  };
  return [
    ...changes.pushed.map((tag) => event('TAG_PUSH', tag)),
    ...changes.deleted.map((tag) => event('TAG_DELETE', tag)),
  ];
}
