import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  dateTimeProblem,
  digestProblem,
  eventTypeProblem,
  repositoryProblem,
  tagProblem,
} from '../../webhooks/dto/field-rules';
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

  @ApiPropertyOptional({ example: 'foo/bar', description: 'Deliveries of events about this repository' })
  @IsOptional()
  @Satisfies('isRepository', repositoryProblem)
  repository?: string;

  @ApiPropertyOptional({ example: '1.0', description: 'Deliveries of events about this tag' })
  @IsOptional()
  @Satisfies('isTag', tagProblem)
  tag?: string;

  @ApiPropertyOptional({
    example: 'sha256:1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6',
    description: 'Deliveries of events about this manifest digest',
  })
  @IsOptional()
  @Satisfies('isDigest', digestProblem)
  digest?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Deliveries created at or after this time',
    example: '2026-11-22T00:00:00Z',
  })
  @IsOptional()
  @Satisfies('isDateTime', dateTimeProblem)
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Deliveries created before this time',
    example: '2026-11-23T00:00:00Z',
  })
  @IsOptional()
  @Satisfies('isDateTime', dateTimeProblem)
  to?: string;
}
