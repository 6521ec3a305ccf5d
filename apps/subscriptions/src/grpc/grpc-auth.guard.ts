import { status } from '@grpc/grpc-js';
import type { Metadata } from '@grpc/grpc-js';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config';

export type GrpcAuthResult = { ok: true } | { ok: false; message: string };

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Checks the `authorization` metadata values against `Bearer <GRPC_AUTH_TOKEN>`. With no token
 * configured nothing is accepted: the service holds every subscription, so it is closed by default.
 */
export function checkGrpcAuthorization(
  expectedToken: string | undefined,
  values: readonly unknown[],
): GrpcAuthResult {
  if (expectedToken === undefined) {
    return { ok: false, message: 'gRPC access is disabled: the server has no GRPC_AUTH_TOKEN configured' };
  }
  const match =
    values.length === 1 && typeof values[0] === 'string' ? /^Bearer +(\S+) *$/i.exec(values[0]) : null;
  if (!match) return { ok: false, message: 'metadata "authorization: Bearer <token>" is required' };
  // Compare digests: constant time whatever the lengths.
  if (!timingSafeEqual(digest(match[1]), digest(expectedToken)))
    return { ok: false, message: 'invalid token' };
  return { ok: true };
}

/** Every SubscriptionService call; health and reflection are served outside Nest and stay open. */
@Injectable()
export class GrpcAuthGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const metadata = context.switchToRpc().getContext<Metadata>();
    const result = checkGrpcAuthorization(this.config.GRPC_AUTH_TOKEN, metadata.get('authorization'));
    if (!result.ok) throw new RpcException({ code: status.UNAUTHENTICATED, message: result.message });
    return true;
  }
}
