import { resolveEventType } from '@app/events';
import { generateSecret } from '@app/formatters';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ulid } from 'ulid';
import { PreviewWebhookDto } from './dto/preview-webhook.dto';
import { WebhookPreviewView } from './dto/webhook-preview.view';
import { previewRequest } from './webhook-preview';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('webhooks')
export class WebhookPreviewController {
  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: WebhookPreviewView,
    description:
      'The body and headers a webhook with these settings would send for the type’s example event; nothing is sent',
  })
  @ApiBadRequestResponse({
    description: 'A field of the draft, or the event type, is not valid; the message names it',
  })
  preview(@Body() body: PreviewWebhookDto): WebhookPreviewView {
    return previewRequest(body.draft, resolveEventType(body.eventType)!, {
      deliveryId: ulid(),
      now: new Date(),
      secret: generateSecret(),
    });
  }
}
