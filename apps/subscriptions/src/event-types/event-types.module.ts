import { Module } from '@nestjs/common';
import { EventTypesController } from './event-types.controller';
import { SchemasController } from './schemas.controller';

@Module({ controllers: [EventTypesController, SchemasController] })
export class EventTypesModule {}
