import { CatalogueEntry, EVENT_CATALOGUE } from '@app/events';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CatalogueEntryView } from './dto/catalogue-entry.view';

@ApiTags('event-types')
@ApiBearerAuth()
@Controller('event-types')
export class EventTypesController {
  @Get()
  @ApiOkResponse({
    type: [CatalogueEntryView],
    description:
      'Every event type: family, topic, scope, who may subscribe, availability, aliases, a description and a complete example event',
  })
  list(): readonly CatalogueEntry[] {
    return EVENT_CATALOGUE;
  }
}
