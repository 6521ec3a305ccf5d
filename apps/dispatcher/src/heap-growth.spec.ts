import { setFlagsFromString } from 'node:v8';
import { setHeapGrowingPercent } from './heap-growth';

jest.mock('node:v8', () => ({ setFlagsFromString: jest.fn() }));

describe('setHeapGrowingPercent', () => {
  beforeEach(() => jest.mocked(setFlagsFromString).mockClear());

  it('passes the percentage to V8', () => {
    setHeapGrowingPercent(100);
    expect(setFlagsFromString).toHaveBeenCalledWith('--heap-growing-percent=100');
  });

  it("leaves V8's own heuristics alone at 0", () => {
    setHeapGrowingPercent(0);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
