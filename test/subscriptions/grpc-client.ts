import { PROTO_LOADER_OPTIONS, SUBSCRIPTIONS_PROTO_PATH } from '@app/proto';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { dirname, join } from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';

/** gRPC clients for the system tests, built from the repository's .proto like any caller would. */

type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;
type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  callback: Callback<any>,
) => grpc.ClientUnaryCall;

export interface SubscriptionServiceClient extends grpc.Client {
  GetSubscription: UnaryMethod;
  ListSubscriptions: UnaryMethod;
  MatchSubscriptions: UnaryMethod;
  WatchSubscriptions(request: unknown, metadata: grpc.Metadata): grpc.ClientReadableStream<any>;
}

export function subscriptionServiceClient(address: string): SubscriptionServiceClient {
  const loaded = grpc.loadPackageDefinition(loadSync(SUBSCRIPTIONS_PROTO_PATH, PROTO_LOADER_OPTIONS)) as any;
  return new loaded.registry_webhooks.v1.SubscriptionService(address, grpc.credentials.createInsecure());
}

export function bearer(token: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** A unary call as a promise; rejects with the ServiceError (`code`, `details`). */
export function call<T = any>(
  client: SubscriptionServiceClient,
  method: 'GetSubscription' | 'ListSubscriptions' | 'MatchSubscriptions',
  request: unknown,
  metadata = new grpc.Metadata(),
): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, (error, value) => (error ? reject(error) : resolve(value as T)));
  });
}

export function healthClient(address: string): grpc.Client & { Check: UnaryMethod } {
  const root = healthProtoPath.slice(0, -'health/v1/health.proto'.length);
  const loaded = grpc.loadPackageDefinition(
    loadSync('health/v1/health.proto', { ...PROTO_LOADER_OPTIONS, includeDirs: [root] }),
  ) as any;
  return new loaded.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
}

/** grpc.reflection.v1.ServerReflection, from the proto @grpc/reflection ships. */
export function reflectionClient(
  address: string,
): grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<any, any> } {
  const root = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const loaded = grpc.loadPackageDefinition(
    loadSync('grpc/reflection/v1/reflection.proto', { ...PROTO_LOADER_OPTIONS, includeDirs: [root] }),
  ) as any;
  return new loaded.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure());
}
