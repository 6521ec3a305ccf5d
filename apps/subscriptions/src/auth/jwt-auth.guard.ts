import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Response } from 'express';
import { AuthenticatedRequest } from './current-principal.decorator';
import { IS_PUBLIC } from './public.decorator';
import { TokenRejected, TokenVerifier } from './token-verifier';

/**
 * Global guard: every HTTP route needs `Authorization: Bearer <JWT>` unless marked @Public(). gRPC
 * handlers have their own guard (GRPC_AUTH_TOKEN), so other contexts pass through.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger(JwtAuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const match = /^Bearer +([^\s]+) *$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <JWT>)');
    }
    try {
      request.principal = await this.verifier.verify(match[1]);
      return true;
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      if (error.unavailable) {
        this.logger.warn({ err: error }, 'token verification failed: key set unavailable');
        throw new ServiceUnavailableException('tokens cannot be verified right now');
      }
      response.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
      throw new UnauthorizedException(error.message);
    }
  }
}
