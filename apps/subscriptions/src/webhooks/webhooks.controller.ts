import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { resolveEventType } from '@app/events';
import { generateSecret } from '@app/formatters';
import { ulid } from 'ulid';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { BulkWebhooksDto } from './dto/bulk-webhooks.dto';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { ListWebhooksQuery } from './dto/list-webhooks.query';
import { PreviewWebhookDto } from './dto/preview-webhook.dto';
import { RotateSecretDto } from './dto/rotate-secret.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import {
  BulkResult,
  CreatedWebhookView,
  RotatedSecretView,
  WebhookPage,
  WebhookView,
} from './dto/webhook.response';
import { WebhookPreviewView } from './dto/webhook-preview.view';
import { previewRequest } from './webhook-preview';
import { WebhooksService } from './webhooks.service';

/** The :id route parameter, which must be a UUID (400 naming it otherwise). */
export const WebhookId = () =>
  Param('id', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') }));

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({
    type: CreatedWebhookView,
    description: 'Created; the signing secret is in this response only',
  })
  @ApiBadRequestResponse({ description: 'A field is not valid; the message names it' })
  @ApiForbiddenResponse({ description: 'The token may not manage this scope or subscribe to these events' })
  @ApiConflictResponse({ description: 'A webhook with this name exists in this scope' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateWebhookDto,
  ): Promise<CreatedWebhookView> {
    return this.webhooks.create(principal, body);
  }

  @Get()
  @ApiOkResponse({ type: WebhookPage, description: 'The webhooks the caller may administer' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListWebhooksQuery): Promise<WebhookPage> {
    return this.webhooks.list(principal, query);
  }

  @Post('bulk')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: BulkResult,
    description: 'Applied in one transaction; ids the caller cannot see are not_found',
  })
  bulk(@CurrentPrincipal() principal: Principal, @Body() body: BulkWebhooksDto): Promise<BulkResult> {
    return this.webhooks.bulk(principal, body);
  }

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

  @Get(':id')
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @WebhookId() id: string): Promise<WebhookView> {
    return this.webhooks.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  update(
    @CurrentPrincipal() principal: Principal,
    @WebhookId() id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookView> {
    return this.webhooks.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@CurrentPrincipal() principal: Principal, @WebhookId() id: string): Promise<void> {
    return this.webhooks.remove(principal, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: RotatedSecretView,
    description: 'The new secret; the previous one keeps signing until previousSecretExpiresAt',
  })
  @ApiNotFoundResponse()
  rotateSecret(
    @CurrentPrincipal() principal: Principal,
    @WebhookId() id: string,
    @Body() body: RotateSecretDto,
  ): Promise<RotatedSecretView> {
    return this.webhooks.rotateSecret(principal, id, body);
  }
}
