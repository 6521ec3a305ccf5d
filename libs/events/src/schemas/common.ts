import { Type, Static } from '@sinclair/typebox';

export const Digest = Type.String({
  pattern: '^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$',
  maxLength: 256,
  description: 'Content digest, e.g. sha256:…',
});
export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 timestamp' });
export const Name = Type.String({ minLength: 1, maxLength: 255 });
/** `namespace/repository`; nested paths allowed as in Distribution. */
export const RepositoryPath = Type.String({
  pattern: '^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$',
  maxLength: 255,
});
export const Namespace = Type.String({ pattern: '^[a-z0-9]+(?:[._-][a-z0-9]+)*$', maxLength: 255 });
export const Tag = Type.String({ pattern: '^[\\w][\\w.-]{0,127}$' });

export const Actor = Type.Object(
  {
    name: Name,
    type: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('robot'), Type.Literal('system')])),
  },
  { additionalProperties: false },
);
export type Actor = Static<typeof Actor>;

/** What the event is about. Which fields are required depends on the type's scope (see the validator). */
export const Target = Type.Object(
  {
    namespace: Namespace,
    repository: Type.Optional(RepositoryPath),
    tag: Type.Optional(Tag),
    digest: Type.Optional(Digest),
    mediaType: Type.Optional(Type.String({ maxLength: 255 })),
    size: Type.Optional(Type.Integer({ minimum: 0 })),
    url: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);
export type Target = Static<typeof Target>;

/** The registry request that caused the event (ACR and Distribution formats carry it). */
export const RequestInfo = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 255 })),
    addr: Type.Optional(Type.String({ maxLength: 255 })),
    host: Type.Optional(Type.String({ maxLength: 255 })),
    method: Type.Optional(Type.String({ maxLength: 16 })),
    useragent: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);
export type RequestInfo = Static<typeof RequestInfo>;
