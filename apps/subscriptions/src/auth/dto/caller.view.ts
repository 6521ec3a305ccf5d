import { ApiProperty } from '@nestjs/swagger';

/** Who the token belongs to and what it administers, as the API applies it. */
export class CallerView {
  @ApiProperty({ example: 'alice', description: 'The token subject' })
  subject!: string;

  @ApiProperty({ example: false, description: 'Administers everything, the global scope included' })
  admin!: boolean;

  @ApiProperty({
    type: [String],
    example: ['foo'],
    description: 'Namespaces the caller owns (and so every repository in them); empty for an admin',
  })
  namespaces!: string[];

  @ApiProperty({
    type: [String],
    example: ['bar/app'],
    description: 'Repositories the caller administers through a repository grant; empty for an admin',
  })
  repositories!: string[];
}
