import { DeliveryRecord, exampleEvent } from '@app/events';
import { ConflictException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { WebhooksService } from '../webhooks/webhooks.service';
import { DeliveryRecoveryService } from './delivery-recovery.service';
import { DeliveryStatsRepository } from './delivery-stats.repository';
import { RedeliveryPublisher } from './redelivery.publisher';

const WEBHOOK = '0b9f4c1e-7d1a-4c55-9a0e-1f2e3d4c5b6a';
const admin: Principal = { subject: 'admin', admin: true, access: [] };
const since = '2026-11-22T00:00:00.000Z';

function service(options: {
  failed: number;
  enabled?: boolean;
  publish?: (record: DeliveryRecord) => Promise<void>;
}) {
  const published: DeliveryRecord[] = [];
  const stats = {
    failedSince: jest.fn(async () =>
      Array.from({ length: options.failed }, (_, index) => ({
        id: `D${index}`,
        webhookId: WEBHOOK,
        event: { ...exampleEvent('TAG_PUSH'), id: `01EVENT${String(index).padStart(19, '0')}` },
      })),
    ),
  } as unknown as DeliveryStatsRepository;
  const webhooks = {
    findVisible: jest.fn(async () => ({ id: WEBHOOK, enabled: options.enabled ?? true }) as WebhookEntity),
  } as unknown as WebhooksService;
  const publisher = {
    publish: jest.fn(
      options.publish ??
        (async (record: DeliveryRecord) => {
          published.push(record);
        }),
    ),
  } as unknown as RedeliveryPublisher;
  return { recovery: new DeliveryRecoveryService(stats, webhooks, publisher), published, stats };
}

describe('DeliveryRecoveryService', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

  it('queues one redelivery per failed event, in order, and says how many', async () => {
    const { recovery, published, stats } = service({ failed: 40 });
    const result = await recovery.recover(admin, WEBHOOK, { since });
    expect(stats.failedSince).toHaveBeenCalledWith(WEBHOOK, new Date(since));
    expect(result.count).toBe(40);
    expect(new Set(published.map((record) => record.deliveryId))).toEqual(new Set(result.deliveryIds));
    expect(
      published.every((record) => record.kind === 'redelivery' && record.subscriptionId === WEBHOOK),
    ).toBe(true);
  });

  it('says how many were queued when Kafka gives out part way', async () => {
    let calls = 0;
    const { recovery } = service({
      failed: 40,
      publish: async () => {
        calls += 1;
        if (calls > 20) throw new Error('broker down');
      },
    });
    await expect(recovery.recover(admin, WEBHOOK, { since })).rejects.toEqual(
      new ServiceUnavailableException(
        'at least 16 of 40 redeliveries were queued before Kafka became unavailable; recover again to queue the rest',
      ),
    );
  });

  it('refuses a disabled webhook', async () => {
    const { recovery, stats } = service({ failed: 1, enabled: false });
    await expect(recovery.recover(admin, WEBHOOK, { since })).rejects.toBeInstanceOf(ConflictException);
    expect(stats.failedSince).not.toHaveBeenCalled();
  });
});
