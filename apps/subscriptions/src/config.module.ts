import { DynamicModule, Global, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from './config';
import { APP_LOGGER } from './logging';

/** Makes the configuration validated in main.ts injectable as APP_CONFIG, and the root logger as APP_LOGGER. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: logger },
      ],
      exports: [APP_CONFIG, APP_LOGGER],
    };
  }
}
