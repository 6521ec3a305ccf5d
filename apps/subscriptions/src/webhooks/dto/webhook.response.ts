import { PageMeta } from '../../common/pagination';
import {
  EVENT_TYPES,
  EventType,
  FORMATS,
  Format,
  SubscriptionScope,
  TARGET_TYPES,
  TargetType,
} from '@app/events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCOPE_SCHEMA } from './create-webhook.dto';

export class TargetView {
  @ApiProperty({ enum: TARGET_TYPES, example: 'http' })
  type!: TargetType;

  @ApiProperty({ example: 'https://ci.example.com/hooks' })
  url!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'X-Team': 'build' },
    description: 'Values of credential-like headers (token, secret, api-key, …) read as [redacted]',
  })
  headers!: Record<string, string>;

  @ApiPropertyOptional({ example: 'Bear****', description: 'Masked' })
  authorization?: string;

  @ApiProperty({ example: true })
  verifyTls!: boolean;

  @ApiPropertyOptional()
  caCert?: string;
}

export class RetryView {
  @ApiProperty({ type: [String], example: ['5s', '1m', '10m'] })
  schedule!: string[];
}

/** A webhook as the API returns it: signing secrets never, the Authorization value masked. */
export class WebhookView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'buildhook01' })
  name!: string;

  @ApiProperty({ nullable: true, type: String })
  description!: string | null;

  @ApiProperty({
    oneOf: SCOPE_SCHEMA.oneOf.slice(0, 3),
    example: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
  })
  scope!: SubscriptionScope;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['TAG_PUSH', 'SCAN_COMPLETED'] })
  events!: EventType[];

  @ApiProperty({ type: TargetView })
  target!: TargetView;

  @ApiProperty({ enum: FORMATS, example: 'default' })
  format!: Format;

  @ApiPropertyOptional({ enum: ['structured', 'binary'] })
  cloudEventsMode?: 'structured' | 'binary';

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Why it was disabled automatically',
  })
  disabledReason!: string | null;

  @ApiProperty({ type: RetryView, nullable: true, description: 'null = the dispatcher default schedule' })
  retry!: RetryView | null;

  @ApiProperty({ example: false })
  ordered!: boolean;

  @ApiProperty({ nullable: true, type: Number, example: null })
  rateLimitPerSecond!: number | null;

  @ApiProperty({ example: 'alice' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ example: 1, description: 'Increases with every change' })
  revision!: number;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Shown only in this response',
  })
  secret!: string;
}

export class WebhookPage extends PageMeta {
  @ApiProperty({ type: [WebhookView] })
  items!: WebhookView[];
}

export class RotatedSecretView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Shown only in this response',
  })
  secret!: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'Until then deliveries carry a signature with the previous secret too (SECRET_ROTATION_OVERLAP after the rotation)',
  })
  previousSecretExpiresAt!: string;
}

export const BULK_OUTCOMES = ['enabled', 'disabled', 'deleted', 'not_found'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

export class BulkItemResult {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: BULK_OUTCOMES, example: 'disabled' })
  status!: BulkOutcome;
}

export class BulkResult {
  @ApiProperty({ example: 'disable' })
  action!: string;

  @ApiProperty({ type: [BulkItemResult], description: 'One entry per id, in request order' })
  results!: BulkItemResult[];
}
