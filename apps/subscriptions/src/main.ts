import { ConfigError, createLogger, KafkaBootError, logProcessWarnings } from '@app/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_PREFIX, configureApp } from './app.setup';
import { AppConfig, loadAppConfig } from './config';
import { createAppLogger } from './logging';
import { grpcServerOptions } from './grpc/grpc-server.options';
import { INGEST_PATH } from './ingest/ingest-http';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger('subscriptions').fatal(error.message);
    process.exit(1);
  }

  const rootLogger = createAppLogger(config);
  logProcessWarnings(rootLogger);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, rootLogger), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  configureApp(app, config);
  app.connectMicroservice(grpcServerOptions(config));
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT);

  const base = `http://localhost:${config.HTTP_PORT}`;
  logger.log(
    `web console on ${base}/console, REST API on ${base}/${API_PREFIX}, OpenAPI on ${base}/docs, health on ${base}/healthz and ${base}/readyz, metrics on ${base}/metrics, gRPC on port ${config.GRPC_PORT}, ingest ${config.INGEST_TOKENS === undefined ? 'off (INGEST_TOKENS is not set)' : `on ${base}/${INGEST_PATH}/{${Object.keys(config.INGEST_TOKENS).join(',')}}`}`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  createLogger('subscriptions').fatal(
    { err: error },
    error instanceof KafkaBootError ? error.message : 'subscriptions app failed to start',
  );
  process.exit(1);
});
