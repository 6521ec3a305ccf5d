import { CatchUp } from './catch-up';

describe('CatchUp', () => {
  it('is done at once for an empty topic', () => {
    expect(new CatchUp([{ partition: 0, low: '0', high: '0' }]).done).toBe(true);
    expect(new CatchUp([]).done).toBe(true);
  });

  it('is done once every non-empty partition reached its start high watermark', () => {
    const catchUp = new CatchUp([
      { partition: 0, low: '0', high: '3' },
      { partition: 1, low: '5', high: '5' },
      { partition: 2, low: '2', high: '10' },
    ]);
    catchUp.reached(0, '2');
    expect(catchUp.done).toBe(false);
    catchUp.reached(0, '3');
    catchUp.reached(2, '9');
    expect(catchUp.done).toBe(false);
    catchUp.reached(2, '12');
    expect(catchUp.done).toBe(true);
  });
});
