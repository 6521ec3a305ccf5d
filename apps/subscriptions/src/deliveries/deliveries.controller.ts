import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
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
import { DeliveryRecoveryService } from './delivery-recovery.service';
import { DeliveryStatsService } from './delivery-stats.service';
import { DeliveryPage, DeliveryView, LastTriggerView, RedeliveryView } from './dto/delivery.response';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { RecoverDto, RecoveryView } from './dto/recover.dto';
import { StatsQuery } from './dto/stats.query';
import { WebhookStatsView } from './dto/stats.response';

@ApiTags('deliveries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('webhooks')
export class WebhookDeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly stats: DeliveryStatsService,
    private readonly recovery: DeliveryRecoveryService,
  ) {}

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

  @Get(':id/stats')
  @ApiOkResponse({
    type: WebhookStatsView,
    description:
      'Deliveries and failure rate over the window and per hour (pings not counted), and the newest delivery',
  })
  @ApiBadRequestResponse({ description: 'since is not a date-time, in the future or over 31 days ago' })
  @ApiNotFoundResponse()
  statsOf(
    @CurrentPrincipal() principal: Principal,
    @WebhookId() id: string,
    @Query() query: StatsQuery,
  ): Promise<WebhookStatsView> {
    return this.stats.forWebhook(principal, id, query);
  }

  @Post(':id/recover')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: RecoveryView,
    description:
      'Every event whose latest delivery since `since` failed or is dead, queued again as a new delivery',
  })
  @ApiBadRequestResponse({ description: 'since is not a date-time' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The webhook is disabled' })
  @ApiServiceUnavailableResponse({ description: 'Kafka unavailable; the message says how many were queued' })
  recover(
    @CurrentPrincipal() principal: Principal,
    @WebhookId() id: string,
    @Body() body: RecoverDto,
  ): Promise<RecoveryView> {
    return this.recovery.recover(principal, id, body);
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
