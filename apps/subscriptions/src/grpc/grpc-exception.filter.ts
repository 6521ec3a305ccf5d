import { status } from '@grpc/grpc-js';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';

export interface GrpcError {
  code: status;
  message: string;
}

const BY_HTTP_STATUS: Partial<Record<number, status>> = {
  [HttpStatus.BAD_REQUEST]: status.INVALID_ARGUMENT,
  [HttpStatus.UNAUTHORIZED]: status.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: status.PERMISSION_DENIED,
  [HttpStatus.NOT_FOUND]: status.NOT_FOUND,
  [HttpStatus.CONFLICT]: status.FAILED_PRECONDITION,
  [HttpStatus.SERVICE_UNAVAILABLE]: status.UNAVAILABLE,
};

/**
 * The status a call fails with: an RpcException carries its own; the HTTP exceptions the shared
 * services throw map to their gRPC equivalent (400 → INVALID_ARGUMENT, 404 → NOT_FOUND, …);
 * anything else is INTERNAL, logged here and not described to the caller.
 */
export function toGrpcError(exception: unknown): GrpcError | undefined {
  if (exception instanceof RpcException) {
    const error = exception.getError();
    if (typeof error === 'object' && error !== null && 'code' in error) return error as GrpcError;
    return { code: status.UNKNOWN, message: String(error) };
  }
  if (exception instanceof HttpException) {
    const code = BY_HTTP_STATUS[exception.getStatus()];
    if (code !== undefined) {
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return {
        code,
        message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
      };
    }
  }
  return undefined;
}

@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcExceptionFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const error = toGrpcError(exception);
    if (error !== undefined) return throwError(() => error);
    this.logger.error({ err: exception }, 'unhandled error in a gRPC call');
    return throwError(() => ({ code: status.INTERNAL, message: 'internal error' }));
  }
}
