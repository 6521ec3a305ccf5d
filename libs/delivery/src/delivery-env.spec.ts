import { loadConfig } from '@app/common';
import { z } from 'zod';
import { deliveryEnv } from './delivery-env';

const schema = z.object(deliveryEnv);

describe('deliveryEnv', () => {
  it("takes its defaults from the HTTP sender and the retry policy (DESIGN's values)", () => {
    expect(loadConfig(schema, {})).toEqual({
      DELIVERY_ALLOW_PRIVATE_NETWORKS: false,
      DELIVERY_CONNECT_TIMEOUT: 5_000,
      DELIVERY_TIMEOUT: 15_000,
      DELIVERY_MAX_CONNECTIONS_PER_ORIGIN: 16,
      DELIVERY_RETRY_SCHEDULE: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
    });
  });

  it('parses a schedule and names a bad one', () => {
    expect(loadConfig(schema, { DELIVERY_RETRY_SCHEDULE: '1s,1s,1s' }).DELIVERY_RETRY_SCHEDULE).toEqual([
      1000, 1000, 1000,
    ]);
    expect(() => loadConfig(schema, { DELIVERY_RETRY_SCHEDULE: '5x' })).toThrow(
      /DELIVERY_RETRY_SCHEDULE: "5x" is not a duration/,
    );
  });
});
