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
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import {
  CreateRemoteRepositoryDto,
  ListRemoteRepositoriesQuery,
  UpdateRemoteRepositoryDto,
} from './dto/remote-repository.dto';
import { RemoteRepositoryPage, RemoteRepositoryView, SyncResultView } from './dto/remote-repository.view';
import { RemoteRepositoriesService } from './remote-repositories.service';

const WatchId = () =>
  Param('id', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') }));

@ApiTags('remote-repositories')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('remote-repositories')
export class RemoteRepositoriesController {
  constructor(private readonly watches: RemoteRepositoriesService) {}

  @Post()
  @ApiOperation({
    summary: 'Watch a repository of a registry that sends no notifications',
    description:
      'Its tags are polled every interval: a new tag or a moved digest becomes TAG_PUSH, a removed tag TAG_DELETE. The first poll runs at once.',
  })
  @ApiCreatedResponse({ type: RemoteRepositoryView })
  @ApiBadRequestResponse({ description: 'A field is not valid; the message names it' })
  @ApiForbiddenResponse({ description: 'The token does not administer this repository' })
  @ApiConflictResponse({ description: 'This registry and repository are watched already' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateRemoteRepositoryDto,
  ): Promise<RemoteRepositoryView> {
    return this.watches.create(principal, body);
  }

  @Get()
  @ApiOkResponse({
    type: RemoteRepositoryPage,
    description: 'The watches of repositories the caller administers',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListRemoteRepositoriesQuery,
  ): Promise<RemoteRepositoryPage> {
    return this.watches.list(principal, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RemoteRepositoryView })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @WatchId() id: string): Promise<RemoteRepositoryView> {
    return this.watches.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: RemoteRepositoryView })
  @ApiNotFoundResponse()
  update(
    @CurrentPrincipal() principal: Principal,
    @WatchId() id: string,
    @Body() body: UpdateRemoteRepositoryDto,
  ): Promise<RemoteRepositoryView> {
    return this.watches.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@CurrentPrincipal() principal: Principal, @WatchId() id: string): Promise<void> {
    return this.watches.remove(principal, id);
  }

  @Post(':id/sync')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Poll now and return what was found and sent; a registry error is in the answer and on the watch',
  })
  @ApiOkResponse({ type: SyncResultView })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Another poll of this repository did not finish within 30 s' })
  sync(@CurrentPrincipal() principal: Principal, @WatchId() id: string): Promise<SyncResultView> {
    return this.watches.syncNow(principal, id);
  }
}
