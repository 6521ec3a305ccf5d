import {
  AccessLevel,
  Availability,
  CatalogueEntry,
  EVENT_TYPES,
  EventFamily,
  EventScope,
  EventType,
  FAMILIES,
} from '@app/events';
import { ApiProperty } from '@nestjs/swagger';

/** One row of the event-type catalogue. */
export class CatalogueEntryView implements CatalogueEntry {
  @ApiProperty({ enum: EVENT_TYPES, example: 'TAG_PUSH' })
  type!: EventType;

  @ApiProperty({ enum: FAMILIES, example: 'artifact' })
  family!: EventFamily;

  @ApiProperty({
    example: 'registry.artifact.v1',
    description: 'Inbound topic; its JSON Schema is served at /api/v1/schemas/{topic}.json',
  })
  topic!: string;

  @ApiProperty({
    enum: ['repository', 'namespace', 'global'],
    description: 'The narrowest scope it may have',
  })
  scope!: EventScope;

  @ApiProperty({ enum: ['repository-admin', 'namespace-owner', 'admin'], description: 'Who may subscribe' })
  access!: AccessLevel;

  @ApiProperty({ enum: ['ui-and-api', 'api-only'] })
  availability!: Availability;

  @ApiProperty({ type: [String], example: ['push'], description: 'Other names accepted for it' })
  aliases!: readonly string[];

  @ApiProperty({ example: 'A tag was pushed: a new tag, or an existing tag moved to another manifest.' })
  description!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'A complete, valid canonical event of this type',
    example: { specversion: '1', id: '01J…', type: 'TAG_PUSH' },
  })
  example!: CatalogueEntry['example'];
}
