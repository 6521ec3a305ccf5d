import { join } from 'node:path';
import type { Options } from '@grpc/proto-loader';

/**
 * The .proto files both sides load. The build copies libs/proto/** /*.proto into dist/ keeping
 * paths, so the same relative location works from source (ts-jest) and from dist/.
 */
export const PROTO_ROOT = join(__dirname, '..');

export const SUBSCRIPTIONS_PROTO = 'registry_webhooks/v1/subscriptions.proto';
export const SUBSCRIPTIONS_PROTO_PATH = join(PROTO_ROOT, SUBSCRIPTIONS_PROTO);

export const SUBSCRIPTIONS_PACKAGE = 'registry_webhooks.v1';
export const SUBSCRIPTION_SERVICE = 'SubscriptionService';
export const SUBSCRIPTION_SERVICE_FULL_NAME = `${SUBSCRIPTIONS_PACKAGE}.${SUBSCRIPTION_SERVICE}`;

/** proto-loader options for server and clients: snake_case field names, enums as their names. */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};
