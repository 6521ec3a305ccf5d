import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { WebhookId } from '../webhooks/webhooks.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryPage, DeliveryView, LastTriggerView, RedeliveryView } from './dto/delivery.response';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';

@ApiTags('deliveries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('webhooks')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryPage, description: 'The webhook’s delivery log, newest first' })
  @ApiBadRequestResponse({ description: 'A filter is not valid; the message names it' })
  @ApiNotFoundResponse()
  list(
    @CurrentPrincipal() principal: Principal,
    @WebhookId() id: string,
    @Query() query: ListDeliveriesQuery,
  ): Promise<DeliveryPage> {
    return this.deliveries.list(principal, id, query);
  }

  @Get(':id/last-trigger')
  @ApiOkResponse({
    type: [LastTriggerView],
    description: 'When each event type last triggered the webhook, most recent first',
  })
  @ApiNotFoundResponse()
  lastTrigger(@CurrentPrincipal() principal: Principal, @WebhookId() id: string): Promise<LastTriggerView[]> {
    return this.deliveries.lastTriggers(principal, id);
  }
}

@ApiTags('deliveries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get(':id')
  @ApiOkResponse({ type: DeliveryView, description: 'One delivery with every attempt, oldest first' })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DeliveryView> {
    return this.deliveries.get(principal, id);
  }

  @Post(':id/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RedeliveryView, description: 'Queued as a new delivery of the same event' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'A ping, or the webhook is disabled' })
  @ApiServiceUnavailableResponse({ description: 'Kafka unavailable' })
  redeliver(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RedeliveryView> {
    return this.deliveries.redeliver(principal, id);
  }
}
