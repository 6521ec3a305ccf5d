import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES, DeliveryStatus } from '../delivery.entity';
import { HourStats, StatusCounts, WindowStats } from '../delivery-stats';

class StatusCountsView implements StatusCounts {
  @ApiProperty({ example: 12 })
  deliveries!: number;

  @ApiProperty({ example: 11 })
  succeeded!: number;

  @ApiProperty({ example: 1, description: 'Failed for good (status failed or dead)' })
  failed!: number;

  @ApiProperty({ example: 0, description: 'Still being retried' })
  pending!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.083,
    description: 'failed / (succeeded + failed), 0 to 1; null when none has finished',
  })
  failureRate!: number | null;
}

export class HourStatsView extends StatusCountsView implements HourStats {
  @ApiProperty({ format: 'date-time', description: 'Start of the hour (UTC)' })
  start!: string;
}

export class LastDeliveryView {
  @ApiProperty()
  id!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;
}

/** GET /webhooks/{id}/stats: pings are not counted. */
export class WebhookStatsView extends StatusCountsView implements WindowStats {
  @ApiProperty({ format: 'date-time' })
  since!: string;

  @ApiProperty({ format: 'date-time' })
  until!: string;

  @ApiProperty({
    type: [HourStatsView],
    description: 'One per hour of the window, oldest first, empty hours included',
  })
  hours!: HourStatsView[];

  @ApiProperty({
    type: LastDeliveryView,
    nullable: true,
    description: 'The newest delivery, whenever it was (not only in the window)',
  })
  lastDelivery!: LastDeliveryView | null;
}
