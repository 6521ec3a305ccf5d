import { Metadata, status } from '@grpc/grpc-js';
import { ExecutionContext } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { AppConfig } from '../config';
import { checkGrpcAuthorization, GrpcAuthGuard } from './grpc-auth.guard';

describe('checkGrpcAuthorization', () => {
  it('accepts the configured bearer token, scheme case-insensitively', () => {
    expect(checkGrpcAuthorization('s3cret', ['Bearer s3cret'])).toEqual({ ok: true });
    expect(checkGrpcAuthorization('s3cret', ['bearer s3cret'])).toEqual({ ok: true });
  });

  it('refuses a wrong, missing, malformed or repeated token', () => {
    expect(checkGrpcAuthorization('s3cret', ['Bearer s3cre'])).toEqual({
      ok: false,
      message: 'invalid token',
    });
    expect(checkGrpcAuthorization('s3cret', ['Bearer s3cret-and-more'])).toMatchObject({ ok: false });
    expect(checkGrpcAuthorization('s3cret', [])).toMatchObject({
      ok: false,
      message: expect.stringContaining('Bearer'),
    });
    expect(checkGrpcAuthorization('s3cret', ['s3cret'])).toMatchObject({ ok: false });
    expect(checkGrpcAuthorization('s3cret', ['Basic s3cret'])).toMatchObject({ ok: false });
    expect(checkGrpcAuthorization('s3cret', ['Bearer s3cret', 'Bearer s3cret'])).toMatchObject({ ok: false });
    expect(checkGrpcAuthorization('s3cret', [Buffer.from('Bearer s3cret')])).toMatchObject({ ok: false });
  });

  it('refuses everything when no token is configured', () => {
    expect(checkGrpcAuthorization(undefined, ['Bearer anything'])).toEqual({
      ok: false,
      message: expect.stringContaining('GRPC_AUTH_TOKEN'),
    });
  });
});

describe('GrpcAuthGuard', () => {
  const contextWith = (metadata: Metadata): ExecutionContext =>
    ({
      switchToRpc: () => ({ getContext: () => metadata, getData: () => ({}) }),
    }) as unknown as ExecutionContext;
  const guard = new GrpcAuthGuard({ GRPC_AUTH_TOKEN: 'tok' } as AppConfig);

  it('lets an authorized call through', () => {
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer tok');
    expect(guard.canActivate(contextWith(metadata))).toBe(true);
  });

  it('fails an unauthorized call with UNAUTHENTICATED', () => {
    let thrown: unknown;
    try {
      guard.canActivate(contextWith(new Metadata()));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RpcException);
    expect((thrown as RpcException).getError()).toEqual({
      code: status.UNAUTHENTICATED,
      message: expect.any(String),
    });
  });
});
