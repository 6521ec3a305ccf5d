import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config';
import { AppConfigModule } from './config.module';
import { Logger } from 'pino';
import { loggerParams } from './logging';
import { DatabaseModule } from './database/database.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EventTypesModule } from './event-types/event-types.module';
import { GrpcModule } from './grpc/grpc.module';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { KafkaModule } from './kafka/kafka.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboxModule } from './outbox/outbox.module';
import { PingModule } from './ping/ping.module';
import { RemoteRepositoriesModule } from './remote-repositories/remote-repositories.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  /** The whole app for a validated configuration (main.ts validates it before anything starts). */
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, logger),
        LoggerModule.forRoot(loggerParams(logger)),
        DatabaseModule,
        KafkaModule,
        MetricsModule,
        AuthModule,
        OutboxModule,
        WebhooksModule,
        EventTypesModule,
        HealthModule,
        DeliveriesModule,
        PingModule,
        GrpcModule,
        IngestModule,
        RemoteRepositoriesModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
