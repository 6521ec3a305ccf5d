import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { eventTypeProblem } from '../../webhooks/dto/field-rules';
import { Satisfies } from '../../webhooks/dto/rules.decorators';
import { MAX_PAGE_SIZE } from '../../webhooks/dto/list-webhooks.query';
import { DELIVERY_STATUSES, DeliveryStatus } from '../delivery.entity';

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ example: 'TAG_PUSH', description: 'Deliveries of this event type (name or alias)' })
  @IsOptional()
  @Satisfies('isEventType', eventTypeProblem)
  event?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}
