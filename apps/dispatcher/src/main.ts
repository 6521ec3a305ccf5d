import 'reflect-metadata';
import { ConfigError, createLogger, KafkaBootError, logProcessWarnings, NestPinoLogger } from '@app/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { DispatcherConfig, loadDispatcherConfig } from './config';
import { Dispatcher } from './dispatcher.service';
import { setHeapGrowingPercent } from './heap-growth';

function configOrExit(): DispatcherConfig {
  try {
    return loadDispatcherConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger('dispatcher', 'info').fatal({ problems: error.problems }, error.message);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  setHeapGrowingPercent(config.DISPATCHER_HEAP_GROWING_PERCENT);
  const logger = createLogger('dispatcher', config.LOG_LEVEL);
  logProcessWarnings(logger);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  try {
    const app = await NestFactory.create(AppModule.forRoot(config, logger), { bufferLogs: true });
    app.useLogger(new NestPinoLogger(logger.child({ component: 'nest' })));
    app.enableShutdownHooks();
    await app.listen(config.DISPATCHER_HTTP_PORT);
    logger.info({ port: config.DISPATCHER_HTTP_PORT }, 'dispatcher listening');
    await app.get(Dispatcher).start();
  } catch (error) {
    logger.fatal(
      { err: error },
      error instanceof KafkaBootError ? error.message : 'dispatcher failed to start',
    );
    process.exit(1);
  }
}

void bootstrap();
