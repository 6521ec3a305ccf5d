import { CatalogueEntry, EVENT_CATALOGUE } from '@app/events';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';

@ApiTags('event-types')
@ApiBearerAuth()
@Controller('event-types')
export class EventTypesController {
  @Get()
  @ApiOkResponse({
    description:
      'Every event type: family, topic, scope, who may subscribe, availability, aliases and a complete example event',
    schema: {
      type: 'array',
      items: { type: 'object' },
      example: [
        {
          type: 'TAG_PUSH',
          family: 'artifact',
          topic: 'registry.artifact.v1',
          scope: 'repository',
          access: 'repository-admin',
          availability: 'ui-and-api',
          aliases: ['push'],
          example: { specversion: '1', id: '01J…', type: 'TAG_PUSH' },
        },
      ],
    },
  })
  list(): readonly CatalogueEntry[] {
    return EVENT_CATALOGUE;
  }
}
