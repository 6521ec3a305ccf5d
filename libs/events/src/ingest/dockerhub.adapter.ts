import { Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Tag } from '../schemas/common';
import { IssueList } from '../validation/issues';
import { JsonObject } from '../validation/json-object';
import {
  derivedEventId,
  canonicalRepository,
  finish,
  fits,
  hostOf,
  imageReference,
  namespaceOf,
  REPOSITORY_NAME,
  UnixSeconds,
  unixSecondsToIso,
  withNative,
} from './canonical';
import { AdaptResult } from './notification';

/** Docker Hub's push notification (docs.docker.com docker-hub/repos/manage/webhooks). */
const DockerHubPush = Type.Object({
  callback_url: Type.Optional(Type.String({ maxLength: 2048 })),
  push_data: Type.Object({
    pushed_at: UnixSeconds,
    pusher: Type.Optional(Type.String({ maxLength: 255 })),
    tag: Tag,
  }),
  repository: Type.Object({
    repo_name: Type.String({ pattern: REPOSITORY_NAME, maxLength: 255 }),
    is_private: Type.Optional(Type.Boolean()),
    date_created: Type.Optional(UnixSeconds),
  }),
});
type DockerHubPush = Static<typeof DockerHubPush>;
const DOCKER_HUB_PUSH = TypeCompiler.Compile(DockerHubPush);

/**
 * Docker Hub: a push is a TAG_PUSH. The notification has no digest and no id: the id comes from
 * repository, tag and push time, and `source` is the host of its callback URL.
 */
export function adaptDockerHub(body: JsonObject): AdaptResult {
  const issues = new IssueList();
  if (!fits(DOCKER_HUB_PUSH, body, issues)) return { ok: false, errors: issues.result() };
  const push = body as DockerHubPush;
  const { tag, pushed_at: pushedAt, pusher } = push.push_data;
  const source = hostOf(push.callback_url) ?? 'dockerhub';
  const repository = canonicalRepository(push.repository.repo_name);
  const { is_private: isPrivate, date_created: createdAt } = push.repository;
  return finish(
    [
      {
        nativePath: '',
        event: {
          specversion: '1',
          id: derivedEventId('dockerhub', [push.repository.repo_name, tag, pushedAt]),
          type: 'TAG_PUSH',
          occurredAt: unixSecondsToIso(pushedAt),
          source,
          actor: pusher ? { name: pusher } : undefined,
          target: {
            namespace: namespaceOf(repository),
            repository,
            tag,
            url: imageReference(source, repository, { tag }),
          },
          data: withNative(
            {
              repositoryVisibility: isPrivate === undefined ? undefined : isPrivate ? 'private' : 'public',
              repositoryCreatedAt: createdAt === undefined ? undefined : unixSecondsToIso(createdAt),
            },
            push,
          ),
        },
      },
    ],
    [],
    issues,
  );
}
