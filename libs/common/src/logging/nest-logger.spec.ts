import pino from 'pino';
import { Writable } from 'node:stream';
import { NestPinoLogger } from './nest-logger';

function capture(): { logger: NestPinoLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: new NestPinoLogger(pino({ level: 'trace' }, sink)), lines };
}

describe('NestPinoLogger', () => {
  it('logs a message with its Nest context at the matching pino level', () => {
    const { logger, lines } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('careful', 'Scanner');
    logger.verbose('details', 'Scanner');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'Nest application successfully started',
        context: 'NestApplication',
      }),
      expect.objectContaining({ level: 40, msg: 'careful', context: 'Scanner' }),
      expect.objectContaining({ level: 10, msg: 'details', context: 'Scanner' }),
    ]);
  });

  it('keeps the stack and context Nest passes with an error', () => {
    const { logger, lines } = capture();
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionHandler');
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 50,
        msg: 'boom',
        stack: 'Error: boom\n    at x',
        context: 'ExceptionHandler',
      }),
    );
  });

  it('serialises an Error given as the message', () => {
    const { logger, lines } = capture();
    logger.error(new Error('failed to bind'));
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 50,
        msg: 'failed to bind',
        err: expect.objectContaining({ message: 'failed to bind' }),
      }),
    );
  });

  it('merges an object message into the fields', () => {
    const { logger, lines } = capture();
    logger.debug({ port: 8081 }, 'Http');
    expect(lines[0]).toEqual(expect.objectContaining({ level: 20, port: 8081, context: 'Http' }));
  });
});
