import { ApiProperty } from '@nestjs/swagger';
import { PageMeta } from '../../common/pagination';

export class CredentialsView {
  @ApiProperty({ enum: ['password', 'token'] })
  type!: 'password' | 'token';
}

export class SyncErrorView {
  @ApiProperty({ enum: ['unauthorized', 'not_found', 'unreachable', 'bad_response', 'kafka_unavailable'] })
  kind!: string;

  @ApiProperty({
    example: '401 from https://registry.example.com/v2/team/app/tags/list: the credentials were refused',
  })
  message!: string;

  @ApiProperty({ required: false, example: 401 })
  statusCode?: number;
}

export class LastErrorView {
  @ApiProperty({
    example: '401 from https://registry.example.com/v2/team/app/tags/list: the credentials were refused',
  })
  message!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class WatchStatusView {
  @ApiProperty({ description: 'The first sync has recorded the tags that existed' })
  synced!: boolean;

  @ApiProperty({ example: 12, description: 'Tags recorded at the last successful sync' })
  tags!: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSyncAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSuccessAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  nextSyncAt!: string;

  @ApiProperty({
    type: LastErrorView,
    nullable: true,
    description: 'Why the last poll failed; null after a success',
  })
  lastError!: LastErrorView | null;

  @ApiProperty({
    example: 0,
    description: 'Failed polls in a row; the next poll waits the interval doubled as often',
  })
  consecutiveFailures!: number;
}

export class RemoteRepositoryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'https://registry.example.com:5000' })
  registry!: string;

  @ApiProperty({ example: 'team/app' })
  repository!: string;

  @ApiProperty({ example: '5m' })
  interval!: string;

  @ApiProperty()
  announceExisting!: boolean;

  @ApiProperty({
    type: CredentialsView,
    nullable: true,
    description: 'Which kind is stored; the values never leave',
  })
  credentials!: CredentialsView | null;

  @ApiProperty({ type: WatchStatusView })
  status!: WatchStatusView;

  @ApiProperty({ example: 'alice' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class RemoteRepositoryPage extends PageMeta {
  @ApiProperty({ type: [RemoteRepositoryView] })
  items!: RemoteRepositoryView[];
}

export class TagDigestView {
  @ApiProperty({ example: '1.4.2' })
  tag!: string;

  @ApiProperty({ example: 'sha256:0b6c6c1e2f374b7e8d7a9a1f2c3d4e5f0b6c6c1e2f374b7e8d7a9a1f2c3d4e5f' })
  digest!: string;

  @ApiProperty({ required: false, example: 'application/vnd.oci.image.index.v1+json' })
  mediaType?: string;
}

/** What a poll found and sent. */
export class SyncResultView {
  @ApiProperty({ format: 'date-time' })
  syncedAt!: string;

  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ example: 3, description: 'Tags the registry lists now' })
  tags!: number;

  @ApiProperty({
    type: [TagDigestView],
    description: 'Sent as TAG_PUSH: new tags and tags whose digest moved',
  })
  pushed!: TagDigestView[];

  @ApiProperty({ type: [TagDigestView], description: 'Sent as TAG_DELETE: tags that disappeared' })
  deleted!: TagDigestView[];

  @ApiProperty({
    example: 0,
    description: 'First sync with announceExisting false: tags recorded without events',
  })
  recordedSilently!: number;

  @ApiProperty({ type: SyncErrorView, required: false })
  error?: SyncErrorView;
}
