import { retryTransient } from './retry-transient';

const retriable = () =>
  Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });

describe('retryTransient', () => {
  it('runs the step again while it fails with a retriable error', async () => {
    let calls = 0;
    const result = await retryTransient(async () => {
      calls += 1;
      if (calls < 3) throw retriable();
      return 'subscribed';
    });
    expect({ result, calls }).toEqual({ result: 'subscribed', calls: 3 });
  });

  it('gives up at once on any other error', async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls += 1;
        throw Object.assign(new Error('Topic authorization failed'), { retriable: false });
      }),
    ).rejects.toThrow('Topic authorization failed');
    expect(calls).toBe(1);
  });
});
