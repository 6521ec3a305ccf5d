import { FORMATS, Format, SubscriptionScope, TARGET_TYPES, TargetType } from '@app/events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  Min,
  IsString,
  Matches,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  authorizationProblem,
  caCertProblem,
  eventsProblem,
  headersProblem,
  NAME_PATTERN,
  retryScheduleProblem,
  scopeProblem,
  secretProblem,
  textProblem,
  urlProblem,
} from './field-rules';
import { OptionalNotNull, Satisfies } from './rules.decorators';

export const SCOPE_SCHEMA: { oneOf: SchemaObject[] } = {
  oneOf: [
    { type: 'object', required: ['type'], properties: { type: { enum: ['global'] } } },
    {
      type: 'object',
      required: ['type', 'namespace'],
      properties: { type: { enum: ['namespace'] }, namespace: { type: 'string', example: 'foo' } },
    },
    {
      type: 'object',
      required: ['type', 'repository'],
      properties: {
        type: { enum: ['repository'] },
        repository: { type: 'string', example: 'foo/bar' },
        tag: { type: 'string', description: 'Tag glob: * any run, ? one character', example: 'v*' },
      },
    },
    { type: 'string', description: 'ACR shorthand: "foo/bar:v*", "foo/bar", "foo"', example: 'foo/bar:v*' },
  ],
};

export class TargetDto {
  @ApiProperty({ enum: TARGET_TYPES, example: 'http' })
  @IsIn(TARGET_TYPES, { message: `type must be one of ${TARGET_TYPES.join(', ')}` })
  type!: TargetType;

  @ApiProperty({ example: 'https://ci.example.com/hooks', maxLength: 2048 })
  @Satisfies('isHttpUrl', urlProblem)
  url!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'X-Team': 'build' },
    description: 'Extra request headers; names are RFC 7230 tokens, values without CR/LF/NUL',
  })
  @OptionalNotNull()
  @Satisfies('isHeaderMap', headersProblem)
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    type: String,
    example: 'Bearer abc',
    description: 'Sent verbatim as the Authorization header; masked when read',
    nullable: true,
  })
  @IsOptional()
  @Satisfies('isAuthorization', authorizationProblem)
  authorization?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  verifyTls?: boolean;

  @ApiPropertyOptional({
    type: String,
    description: 'PEM CA certificate(s) to trust for this target',
    nullable: true,
  })
  @IsOptional()
  @Satisfies('isPemCertificate', caCertProblem)
  caCert?: string | null;
}

export class RetryDto {
  @ApiProperty({
    type: [String],
    example: ['5s', '1m', '10m'],
    description: 'Delay before each retry; its length is the number of retries',
  })
  @Satisfies('isRetrySchedule', retryScheduleProblem)
  schedule!: string[];
}

/** A webhook's writable fields: POST /webhooks, and what a PATCH must satisfy once merged into the stored webhook. */
export class WebhookFieldsDto {
  @ApiProperty({
    example: 'buildhook01',
    pattern: NAME_PATTERN.source,
    description: 'Unique within its scope',
  })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'name must be 5 to 50 lowercase letters and digits' })
  name!: string;

  @ApiPropertyOptional({ type: String, maxLength: 1000, example: 'Triggers the CI pipeline', nullable: true })
  @IsOptional()
  @Satisfies('isText', textProblem)
  @MaxLength(1000)
  description?: string | null;

  @ApiProperty({ ...SCOPE_SCHEMA, example: { type: 'repository', repository: 'foo/bar', tag: 'v*' } })
  @Satisfies('isScope', scopeProblem)
  scope!: SubscriptionScope | string;

  @ApiProperty({
    type: [String],
    example: ['TAG_PUSH', 'SCAN_COMPLETED'],
    description: 'Catalogue names or aliases',
  })
  @Satisfies('isEventTypeList', eventsProblem)
  events!: string[];

  @ApiProperty({ type: TargetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TargetDto)
  target!: TargetDto;

  @ApiPropertyOptional({
    enum: FORMATS,
    default: 'default',
    description: 'Payload format (http targets; ignored for chat)',
    nullable: true,
  })
  @IsOptional()
  @IsIn(FORMATS, { message: `format must be one of ${FORMATS.join(', ')}` })
  format?: Format | null;

  @ApiPropertyOptional({
    enum: ['structured', 'binary'],
    description: 'CloudEvents content mode (default structured)',
    nullable: true,
  })
  @IsOptional()
  @IsIn(['structured', 'binary'], { message: 'cloudEventsMode must be structured or binary' })
  cloudEventsMode?: 'structured' | 'binary' | null;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: RetryDto,
    nullable: true,
    description: 'null = the dispatcher default schedule',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetryDto)
  retry?: RetryDto | null;

  @ApiPropertyOptional({ default: false, description: 'Later events wait behind a failing one' })
  @OptionalNotNull()
  @IsBoolean()
  ordered?: boolean;

  @ApiPropertyOptional({
    type: Number,
    example: 5,
    minimum: 0.001,
    maximum: 10000,
    description: 'Deliveries per second; chat targets default to 1',
    nullable: true,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.001)
  @Max(10_000)
  rateLimitPerSecond?: number | null;
}

export class CreateWebhookDto extends WebhookFieldsDto {
  @ApiPropertyOptional({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'Signing secret (whsec_ + base64 of 24 to 64 bytes); generated when left out. Returned once.',
  })
  @OptionalNotNull()
  @Satisfies('isSigningSecret', secretProblem)
  secret?: string;
}
