import { ApiProperty } from '@nestjs/swagger';
import { AttemptErrorView, AttemptResponseView } from '../../deliveries/dto/delivery.response';
import { PingResult } from '../ping-result';

export class PingResultView implements PingResult {
  @ApiProperty({ description: 'The ping’s delivery in the delivery log; also its webhook-id header' })
  deliveryId!: string;

  @ApiProperty({ description: 'The endpoint answered 2xx' })
  success!: boolean;

  @ApiProperty({ type: Number, nullable: true, example: 200, description: 'null when no response arrived' })
  statusCode!: number | null;

  @ApiProperty({ example: 87 })
  durationMs!: number;

  @ApiProperty({ type: AttemptResponseView, nullable: true })
  response!: AttemptResponseView | null;

  @ApiProperty({
    type: AttemptErrorView,
    nullable: true,
    description:
      'Why there was no (complete) response: connection_refused, blocked_address, timeout, tls_error, …',
  })
  error!: AttemptErrorView | null;
}
