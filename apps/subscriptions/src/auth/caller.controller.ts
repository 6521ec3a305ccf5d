import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AccessPolicy } from './access-policy';
import { CurrentPrincipal } from './current-principal.decorator';
import { CallerView } from './dto/caller.view';
import { Principal } from './principal';

@ApiTags('auth')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('me')
export class CallerController {
  constructor(private readonly policy: AccessPolicy) {}

  @Get()
  @ApiOkResponse({ type: CallerView, description: 'The caller and the scopes it may manage webhooks for' })
  get(@CurrentPrincipal() principal: Principal): CallerView {
    const visibility = this.policy.visibility(principal);
    return visibility.everything
      ? { subject: principal.subject, admin: true, namespaces: [], repositories: [] }
      : {
          subject: principal.subject,
          admin: false,
          namespaces: [...new Set(visibility.namespaces)],
          repositories: [...new Set(visibility.repositories)],
        };
  }
}
