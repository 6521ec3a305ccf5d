import { tagChanges, tagEvents } from './tag-changes';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const tag = (name: string, n: number) => ({ tag: name, digest: digest(n) });
const recorded = new Map([
  ['1.0', tag('1.0', 1)],
  ['1.1', tag('1.1', 2)],
  ['latest', tag('latest', 2)],
]);

describe('tagChanges', () => {
  it('announces every tag on the first sync, or records them silently', () => {
    const current = [tag('1.0', 1), tag('latest', 1)];
    expect(tagChanges(new Map(), current, { firstSync: true, announceExisting: true })).toEqual({
      pushed: current,
      deleted: [],
    });
    expect(tagChanges(new Map(), current, { firstSync: true, announceExisting: false })).toEqual({
      pushed: [],
      deleted: [],
    });
  });

  it('a new tag and a moved tag are pushes, a missing tag a delete, an unchanged one nothing', () => {
    const current = [tag('1.0', 1), tag('latest', 3), tag('2.0', 3)];
    expect(tagChanges(recorded, current, { firstSync: false, announceExisting: true })).toEqual({
      pushed: [tag('latest', 3), tag('2.0', 3)],
      deleted: [tag('1.1', 2)],
    });
    expect(
      tagChanges(recorded, [...recorded.values()], { firstSync: false, announceExisting: true }),
    ).toEqual({
      pushed: [],
      deleted: [],
    });
  });
});

describe('tagEvents', () => {
  const watch = {
    id: '0b6c6c1e-2f37-4b7e-8d7a-9a1f2c3d4e5f',
    registry: 'https://registry.example.com:5000',
    repository: 'team/app',
  };
  const at = new Date('2026-12-01T10:00:00.000Z');

  it('TAG_PUSH and TAG_DELETE from the remote registry, valid canonical events', () => {
    const events = tagEvents(
      watch,
      {
        pushed: [{ ...tag('2.0', 3), mediaType: 'application/vnd.oci.image.index.v1+json' }],
        deleted: [tag('1.1', 2)],
      },
      at,
    );
    expect(events).toEqual([
      {
        specversion: '1',
        id: expect.stringMatching(/^remote-[0-9a-f]{32}$/),
        type: 'TAG_PUSH',
        occurredAt: '2026-12-01T10:00:00.000Z',
        source: 'registry.example.com:5000',
        target: {
          namespace: 'team',
          repository: 'team/app',
          tag: '2.0',
          digest: digest(3),
          mediaType: 'application/vnd.oci.image.index.v1+json',
          url: 'registry.example.com:5000/team/app:2.0',
        },
        data: { remoteRepository: { id: watch.id, registry: watch.registry } },
      },
      expect.objectContaining({
        type: 'TAG_DELETE',
        target: expect.objectContaining({ tag: '1.1', digest: digest(2) }),
      }),
    ]);
  });

  it('the same change in the same sync keeps its id; in a later sync it gets a new one', () => {
    const changes = { pushed: [tag('2.0', 3)], deleted: [] };
    const [first] = tagEvents(watch, changes, at);
    expect(tagEvents(watch, changes, at)[0].id).toBe(first.id);
    expect(tagEvents(watch, changes, new Date(at.getTime() + 60_000))[0].id).not.toBe(first.id);
  });
});
