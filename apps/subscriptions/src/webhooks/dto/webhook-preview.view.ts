import { EVENT_TYPES, EventType } from '@app/events';
import { ApiProperty } from '@nestjs/swagger';

export class PreviewRequestView {
  @ApiProperty({ example: 'POST' })
  method!: 'POST';

  @ApiProperty({ type: String, nullable: true, example: 'https://ci.example.com/hooks' })
  url!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Lower-case names: custom headers, Authorization and credential-like values as [redacted], the ' +
      'format’s content headers, and the Standard Webhooks headers. The signature is made with a ' +
      'throwaway secret, so it differs from the webhook’s own; the HTTP client adds host, ' +
      'content-length and user-agent.',
  })
  headers!: Record<string, string>;

  @ApiProperty({ description: 'The exact body: the format’s JSON, or the Slack, Teams or Discord message' })
  body!: string;
}

/** What POST /webhooks/preview answers. */
export class WebhookPreviewView {
  @ApiProperty({ enum: EVENT_TYPES, description: 'Canonical name of the previewed type' })
  eventType!: EventType;

  @ApiProperty({ type: PreviewRequestView })
  request!: PreviewRequestView;
}
