import { PageMeta } from '../../common/pagination';
import { ATTEMPT_OUTCOMES, AttemptOutcome, DELIVERY_KINDS } from '@app/events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES, DeliveryKind, DeliveryStatus } from '../delivery.entity';

export class DeliverySummaryView {
  @ApiProperty({ example: '01JD2F3G4H5J6K7M8N9P0QRSTV' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  webhookId!: string;

  @ApiProperty()
  eventId!: string;

  @ApiProperty({ example: 'TAG_PUSH', description: 'Canonical type; PING for a ping' })
  eventType!: string;

  @ApiProperty({ enum: DELIVERY_KINDS })
  kind!: DeliveryKind;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'foo/bar',
    description: 'The repository the event was about (null for a ping or a namespace event)',
  })
  repository!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '1.0' })
  tag!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'sha256:1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6',
  })
  digest!: string | null;

  @ApiProperty({ example: 1 })
  attemptCount!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastAttemptAt!: string | null;
}

export class AttemptRequestView {
  @ApiProperty({ example: 'https://ci.example.com/hooks' })
  url!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Credentials redacted',
  })
  headers!: Record<string, string>;

  @ApiProperty()
  body!: string;
}

export class AttemptResponseView {
  @ApiProperty({ example: 200 })
  statusCode!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  headers!: Record<string, string>;

  @ApiProperty({ description: 'At most 16 KiB' })
  body!: string;

  @ApiProperty({ description: 'The body was cut at 16 KiB or could not be read to the end' })
  truncated!: boolean;
}

export class AttemptErrorView {
  @ApiProperty({ example: 'connection_refused' })
  code!: string;

  @ApiProperty()
  message!: string;
}

export class AttemptView {
  @ApiProperty({ example: 1 })
  number!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 42 })
  durationMs!: number;

  @ApiProperty({ type: AttemptRequestView })
  request!: AttemptRequestView;

  @ApiProperty({ type: AttemptResponseView, nullable: true })
  response!: AttemptResponseView | null;

  @ApiProperty({ type: AttemptErrorView, nullable: true })
  error!: AttemptErrorView | null;

  @ApiProperty({ enum: ATTEMPT_OUTCOMES })
  outcome!: AttemptOutcome;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the next attempt is due (outcome retrying)',
  })
  nextAttemptAt?: string;
}

export class DeliveryView extends DeliverySummaryView {
  @ApiProperty({ type: [AttemptView], description: 'Oldest first' })
  attempts!: AttemptView[];
}

export class DeliveryPage extends PageMeta {
  @ApiProperty({ type: [DeliverySummaryView] })
  items!: DeliverySummaryView[];
}

export class RedeliveryView {
  @ApiProperty({ description: 'The new delivery; it appears in the log once attempted' })
  deliveryId!: string;
}

export class LastTriggerView {
  @ApiProperty({ example: 'TAG_PUSH' })
  eventType!: string;

  @ApiProperty({ format: 'date-time' })
  lastTriggeredAt!: string;
}
