import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { WebhookId } from '../webhooks/webhooks.controller';
import { PingResultView } from './dto/ping-result.view';
import { PingService } from './ping.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('webhooks')
export class PingController {
  constructor(private readonly pings: PingService) {}

  @Post(':id/ping')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: PingResultView,
    description: 'The ping was attempted; success says whether the endpoint accepted it',
  })
  @ApiNotFoundResponse()
  ping(@CurrentPrincipal() principal: Principal, @WebhookId() id: string): Promise<PingResultView> {
    return this.pings.ping(principal, id);
  }
}
