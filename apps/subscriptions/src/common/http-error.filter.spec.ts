import { ArgumentsHost, BadRequestException, ForbiddenException, Logger } from '@nestjs/common';
import { HttpErrorFilter } from './http-error.filter';

function capture(exception: unknown): { status: number; body: unknown } {
  const seen = { status: 0, body: undefined as unknown };
  const response = {
    headersSent: false,
    status(code: number) {
      seen.status = code;
      return this;
    },
    json(body: unknown) {
      seen.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new HttpErrorFilter().catch(exception, host);
  return seen;
}

describe('HttpErrorFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('renders HTTP exceptions as {statusCode, error, message}', () => {
    expect(capture(new ForbiddenException('you may not manage webhooks for namespace foo'))).toEqual({
      status: 403,
      body: { statusCode: 403, error: 'Forbidden', message: 'you may not manage webhooks for namespace foo' },
    });
    expect(capture(new BadRequestException(['a is wrong', 'b is wrong'])).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a is wrong; b is wrong',
    });
  });

  it('keeps the status of body-parser errors', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413 });
    expect(capture(tooLarge)).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'request entity too large' },
    });
  });

  it('hides unexpected errors behind a bare 500', () => {
    const failure = Object.assign(new Error('duplicate key'), { parameters: ['whsec_secret'] });
    const { status, body } = capture(failure);
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal server error',
    });
    expect(JSON.stringify(body)).not.toContain('whsec_');
  });
});
