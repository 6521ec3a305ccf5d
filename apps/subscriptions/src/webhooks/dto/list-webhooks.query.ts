import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Satisfies } from './rules.decorators';
import { eventTypeProblem, namespaceProblem, repositoryProblem } from './field-rules';

export const MAX_PAGE_SIZE = 100;

export class ListWebhooksQuery {
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
