import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { dateTimeProblem } from '../../webhooks/dto/field-rules';
import { Satisfies } from '../../webhooks/dto/rules.decorators';

export class StatsQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start of the window (default: 24 hours ago; at most 31 days ago)',
    example: '2026-11-21T10:00:00Z',
  })
  @IsOptional()
  @Satisfies('isDateTime', dateTimeProblem)
  since?: string;
}
