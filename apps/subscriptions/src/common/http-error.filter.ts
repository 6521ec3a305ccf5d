import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { STATUS_CODES } from 'node:http';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/** Errors raised by body-parser (too large, bad charset) carry an HTTP status; Nest already maps malformed JSON to a 400. */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  const status = (error as { status?: unknown } | null)?.status;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

function messageOf(response: string | object, fallback: string): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : fallback;
}

/** Every error leaves as JSON {statusCode, error, message}; unexpected ones as a bare 500, logged here. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: messageOf(exception.getResponse(), exception.message),
      };
    }
    if (isClientHttpError(exception)) {
      return {
        statusCode: exception.status,
        error: STATUS_CODES[exception.status] ?? 'Error',
        message: exception.message,
      };
    }
    // Not the whole error object: a failed query carries its parameters, which hold secrets.
    const { name, message, stack } = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error({ error: { name, message, stack } }, 'unhandled error');
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return { statusCode, error: STATUS_CODES[statusCode]!, message: 'internal server error' };
  }
}
