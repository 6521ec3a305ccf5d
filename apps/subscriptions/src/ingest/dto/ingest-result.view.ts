import { EVENT_TYPES, EventType } from '@app/events';
import { ApiProperty } from '@nestjs/swagger';

export class IngestedEventView {
  @ApiProperty({ example: 'distribution-9b8e9f500a0d30deb50105a794e1837d' })
  id!: string;

  @ApiProperty({ enum: EVENT_TYPES, example: 'TAG_PUSH' })
  type!: EventType;
}

/** 202: every event is on its family topic, acknowledged by Kafka. */
export class IngestResultView {
  @ApiProperty({ type: [IngestedEventView], description: 'The canonical events produced, in order' })
  events!: IngestedEventView[];

  @ApiProperty({
    example: 2,
    description:
      'Native events acknowledged but not forwarded (blob uploads, mounts, pings, builds, tag retention)',
  })
  ignored!: number;
}
