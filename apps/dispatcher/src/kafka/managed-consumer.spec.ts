import { Consumer } from 'kafkajs';
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { ManagedConsumer } from './managed-consumer';

/** The part of a kafkajs consumer ManagedConsumer uses, with instrumentation events to fire by hand. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const calls: string[] = [];
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' },
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
    connect: async () => void calls.push('connect'),
    subscribe: async () => void calls.push('subscribe'),
    run: async () => void calls.push('run'),
    disconnect: async () => void calls.push('disconnect'),
  };
  const fire = (event: string, payload: object) => emitter.emit(event, { payload });
  return { consumer: consumer as unknown as Consumer, calls, fire };
}

const join = { groupId: 'g', memberAssignment: { t: [0, 1] }, isLeader: true };

describe('ManagedConsumer', () => {
  afterEach(() => jest.useRealTimers());

  it('is joined after a group join, reports the assignment, and not after a crash', async () => {
    const { consumer, calls, fire } = fakeConsumer();
    const assignments: unknown[] = [];
    const managed = new ManagedConsumer(consumer, pino({ level: 'silent' }), (a) => assignments.push(a));
    await managed.start({ topics: ['t'] }, {});
    expect(calls).toEqual(['connect', 'subscribe', 'run']);
    expect(managed.joined).toBe(false);
    fire(consumer.events.GROUP_JOIN, join);
    expect(managed.joined).toBe(true);
    expect(assignments).toEqual([{ t: [0, 1] }]);
    fire(consumer.events.CRASH, { error: new Error('x'), groupId: 'g', restart: true });
    expect(managed.joined).toBe(false);
  });

  it('restarts a consumer kafkajs will not restart, with backoff', async () => {
    jest.useFakeTimers();
    const { consumer, calls, fire } = fakeConsumer();
    const managed = new ManagedConsumer(consumer, pino({ level: 'silent' }));
    await managed.start({ topics: ['t'] }, {});
    calls.length = 0;
    fire(consumer.events.CRASH, { error: new Error('INVALID_REQUEST'), groupId: 'g', restart: false });
    await jest.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['connect', 'run']);
    fire(consumer.events.CRASH, { error: new Error('again'), groupId: 'g', restart: false });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual(['connect', 'run']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual(['connect', 'run', 'connect', 'run']);
  });

  it('leaves restarts to kafkajs when it restarts itself, and never restarts once stopped', async () => {
    jest.useFakeTimers();
    const { consumer, calls, fire } = fakeConsumer();
    const managed = new ManagedConsumer(consumer, pino({ level: 'silent' }));
    await managed.start({ topics: ['t'] }, {});
    calls.length = 0;
    fire(consumer.events.CRASH, { error: new Error('retriable'), groupId: 'g', restart: true });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([]);
    fire(consumer.events.CRASH, { error: new Error('fatal'), groupId: 'g', restart: false });
    await managed.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual(['disconnect']);
  });
});
