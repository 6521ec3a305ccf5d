import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { TargetDto, WebhookFieldsDto } from './create-webhook.dto';

export class UpdateTargetDto extends PartialType(TargetDto) {}

/**
 * Body of PATCH /webhooks/{id}: any subset of the writable fields. `target` is merged field by field
 * into the stored one (so a masked authorization never has to be sent back); null clears an
 * optional field or resets it to its default. The merged webhook must pass the create rules.
 */
export class UpdateWebhookDto extends PartialType(OmitType(WebhookFieldsDto, ['target'] as const)) {
  @ApiPropertyOptional({ type: UpdateTargetDto, description: 'Fields given replace the stored ones' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateTargetDto)
  target?: UpdateTargetDto | null;
}
