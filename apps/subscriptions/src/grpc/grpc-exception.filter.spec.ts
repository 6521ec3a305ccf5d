import { status } from '@grpc/grpc-js';
import {
  BadRequestException,
  ConflictException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { GrpcExceptionFilter, toGrpcError } from './grpc-exception.filter';

describe('toGrpcError', () => {
  it('keeps the status of an RpcException', () => {
    expect(toGrpcError(new RpcException({ code: status.UNAUTHENTICATED, message: 'no' }))).toEqual({
      code: status.UNAUTHENTICATED,
      message: 'no',
    });
  });

  it('maps the HTTP exceptions of the shared services to their gRPC status, message kept', () => {
    expect(toGrpcError(new BadRequestException('event must be an event type'))).toEqual({
      code: status.INVALID_ARGUMENT,
      message: 'event must be an event type',
    });
    expect(toGrpcError(new NotFoundException('webhook not found'))).toEqual({
      code: status.NOT_FOUND,
      message: 'webhook not found',
    });
    expect(toGrpcError(new ConflictException('x'))?.code).toBe(status.FAILED_PRECONDITION);
    expect(toGrpcError(new ServiceUnavailableException('x'))?.code).toBe(status.UNAVAILABLE);
  });

  it('leaves anything else to the filter as INTERNAL', async () => {
    expect(toGrpcError(new Error('db exploded'))).toBeUndefined();
    const filter = new GrpcExceptionFilter();
    jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);
    await expect(lastValueFrom(filter.catch(new Error('db exploded'), {} as never))).rejects.toEqual({
      code: status.INTERNAL,
      message: 'internal error',
    });
  });
});
