import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { eventTypeProblem } from '../../webhooks/dto/field-rules';
import { Satisfies } from '../../webhooks/dto/rules.decorators';
import { PaginationQuery } from '../../common/pagination';
import { DELIVERY_STATUSES, DeliveryStatus } from '../delivery.entity';

export class ListDeliveriesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ example: 'TAG_PUSH', description: 'Deliveries of this event type (name or alias)' })
  @IsOptional()
  @Satisfies('isEventType', eventTypeProblem)
  event?: string;
}
