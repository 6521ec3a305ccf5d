import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../common/pagination';
import { Satisfies } from './rules.decorators';
import { eventTypeProblem, namespaceProblem, repositoryProblem } from './field-rules';

export class ListWebhooksQuery extends PaginationQuery {
  @ApiPropertyOptional({ example: 'foo', description: 'Webhooks on this namespace or on repositories in it' })
  @IsOptional()
  @Satisfies('isNamespace', namespaceProblem)
  namespace?: string;

  @ApiPropertyOptional({ example: 'foo/bar', description: 'Webhooks on this repository' })
  @IsOptional()
  @Satisfies('isRepository', repositoryProblem)
  repository?: string;

  @ApiPropertyOptional({
    example: 'TAG_PUSH',
    description: 'Webhooks subscribed to this type (name or alias)',
  })
  @IsOptional()
  @Satisfies('isEventType', eventTypeProblem)
  event?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'enabled must be true or false' })
  enabled?: 'true' | 'false';
}
