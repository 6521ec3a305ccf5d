import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { eventTypeProblem } from './field-rules';
import { Satisfies } from './rules.decorators';
import { UpdateWebhookDto } from './update-webhook.dto';

/** Body of POST /webhooks/preview. */
export class PreviewWebhookDto {
  @ApiProperty({
    type: UpdateWebhookDto,
    description:
      'Any subset of a webhook’s fields, checked like a create; target (type, url, headers, authorization), ' +
      'format and cloudEventsMode shape the request, the others are accepted so a whole form can be sent',
    example: { target: { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' } },
  })
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateWebhookDto)
  draft!: UpdateWebhookDto;

  @ApiProperty({
    example: 'TAG_PUSH',
    description: 'The catalogue example of this type (name or alias) is formatted',
  })
  @Satisfies('isEventType', eventTypeProblem)
  eventType!: string;
}
