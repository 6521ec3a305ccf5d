import {
  PROTO_LOADER_OPTIONS,
  SUBSCRIPTION_SERVICE_FULL_NAME,
  SUBSCRIPTIONS_PACKAGE,
  SUBSCRIPTIONS_PROTO_PATH,
} from '@app/proto';
import type { Server } from '@grpc/grpc-js';
import { loadSync, PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { AppConfig } from '../config';

const HEALTH_PROTO = 'health/v1/health.proto';

/** The health service's definition, with the file named as in its package (for reflection). */
function loadHealthDefinition(): PackageDefinition {
  const root = healthProtoPath.slice(0, -HEALTH_PROTO.length);
  return loadSync(HEALTH_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [root] });
}

/**
 * The gRPC server of the subscriptions app, run in the same process as the REST API (a hybrid
 * app): SubscriptionService from the shared .proto, plus the standard health service (SERVING for
 * the server as a whole and for SubscriptionService) and server reflection (v1 and v1alpha) over
 * both. Health and reflection are served by grpc-js directly, outside Nest's guards, so they need
 * no token.
 */
export function grpcServerOptions(config: Pick<AppConfig, 'GRPC_PORT'>): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: `0.0.0.0:${config.GRPC_PORT}`,
      package: SUBSCRIPTIONS_PACKAGE,
      protoPath: SUBSCRIPTIONS_PROTO_PATH,
      loader: PROTO_LOADER_OPTIONS,
      onLoadPackageDefinition: (definition: PackageDefinition, server: Pick<Server, 'addService'>) => {
        const health = new HealthImplementation({
          '': 'SERVING',
          [SUBSCRIPTION_SERVICE_FULL_NAME]: 'SERVING',
        });
        health.addToServer(server);
        new ReflectionService({ ...definition, ...loadHealthDefinition() }).addToServer(server);
      },
    },
  };
}
