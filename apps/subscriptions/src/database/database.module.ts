import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { dataSourceOptions } from './data-source-options';

/** The DataSource; pending migrations run before the app starts serving. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL),
        migrationsRun: true,
        retryAttempts: 10,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class DatabaseModule {}
