import { ApiProperty } from '@nestjs/swagger';
import { dateTimeProblem } from '../../webhooks/dto/field-rules';
import { Satisfies } from '../../webhooks/dto/rules.decorators';

export class RecoverDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-22T08:00:00Z',
    description: 'Deliveries created since then whose event was not delivered are sent again',
  })
  @Satisfies('isDateTime', dateTimeProblem)
  since!: string;
}

export class RecoveryView {
  @ApiProperty({ format: 'date-time' })
  since!: string;

  @ApiProperty({ example: 3, description: 'How many events were queued for redelivery' })
  count!: number;

  @ApiProperty({ type: [String], description: 'The new deliveries, in the order queued' })
  deliveryIds!: string[];
}
