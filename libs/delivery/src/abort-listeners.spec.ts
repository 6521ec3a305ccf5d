import { whenAborted } from './abort-listeners';

describe('whenAborted', () => {
  it('runs the callbacks still waiting when the signal aborts, each once', () => {
    const controller = new AbortController();
    const called: string[] = [];
    whenAborted(controller.signal, () => called.push('a'));
    const stop = whenAborted(controller.signal, () => called.push('b'));
    whenAborted(controller.signal, () => called.push('c'));
    stop();
    controller.abort();
    controller.abort();
    expect(called).toEqual(['a', 'c']);
  });

  it('keeps signals apart', () => {
    const first = new AbortController();
    const second = new AbortController();
    const called: string[] = [];
    whenAborted(first.signal, () => called.push('first'));
    whenAborted(second.signal, () => called.push('second'));
    second.abort();
    expect(called).toEqual(['second']);
  });
});
