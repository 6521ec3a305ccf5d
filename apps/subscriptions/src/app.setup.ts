import { RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { refuseProtoKeys } from './common/json-body';
import { serveConsole } from './console/serve-console';
import { AppConfig } from './config';
import { configureIngestHttp, INGEST_PATH } from './ingest/ingest-http';

export const API_PREFIX = 'api/v1';

/** Body parsing, routing, the web console and OpenAPI. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  // Ingest keeps its bodies as bytes, so its parser goes first; the JSON parser then skips them.
  configureIngestHttp(app, config.INGEST_MAX_BODY_BYTES);
  // Registered before Nest's default JSON parser, which then stays out.
  app.useBodyParser('json', { reviver: refuseProtoKeys });
  serveConsole(app);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: ['healthz', 'readyz', 'metrics', { path: `${INGEST_PATH}/:source`, method: RequestMethod.POST }],
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('registry-webhooks: subscriptions')
      .setDescription(
        'Who wants which container-registry events, delivered where. Every route under /api/v1 takes ' +
          '`Authorization: Bearer <JWT>` (claims sub, admin, access as in Docker registry tokens). ' +
          'Errors are JSON {statusCode, error, message}; a 400 names the field at fault. ' +
          'POST /ingest/v1/{source} (outside /api/v1) takes registry-native notifications with a per-source token instead.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
