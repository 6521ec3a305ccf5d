import { ApiProperty, ApiPropertyOptional, SchemaObject } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../common/pagination';
import { repositoryProblem } from '../../webhooks/dto/field-rules';
import { OptionalNotNull, Satisfies } from '../../webhooks/dto/rules.decorators';
import { RegistryCredentials } from '../credentials-cipher';
import { credentialsProblem, intervalProblem, registryProblem } from './remote-repository-rules';

const CREDENTIALS_SCHEMA: { oneOf: SchemaObject[] } = {
  oneOf: [
    {
      type: 'object',
      required: ['username', 'password'],
      properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } },
    },
    { type: 'object', required: ['token'], properties: { token: { type: 'string', format: 'password' } } },
  ],
};

export class CreateRemoteRepositoryDto {
  @ApiProperty({
    example: 'https://registry.example.com:5000',
    description: 'The registry, https://host[:port]',
  })
  @Satisfies('isRegistryOrigin', registryProblem)
  registry!: string;

  @ApiProperty({ example: 'team/app' })
  @Satisfies('isRepository', repositoryProblem)
  repository!: string;

  @ApiPropertyOptional({ example: '5m', default: '5m', description: 'How often to poll, 1m to 7d' })
  @OptionalNotNull()
  @Satisfies('isInterval', intervalProblem)
  interval?: string;

  @ApiPropertyOptional({
    default: true,
    description: 'The first sync sends a TAG_PUSH for every existing tag; false records them silently',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'announceExisting must be true or false' })
  announceExisting?: boolean;

  @ApiPropertyOptional({ ...CREDENTIALS_SCHEMA, description: 'Stored encrypted, never returned' })
  @OptionalNotNull()
  @Satisfies('isCredentials', credentialsProblem)
  credentials?: RegistryCredentials;
}

export class UpdateRemoteRepositoryDto {
  @ApiPropertyOptional({ example: '10m' })
  @OptionalNotNull()
  @Satisfies('isInterval', intervalProblem)
  interval?: string;

  @ApiPropertyOptional({ description: 'Only matters before the first successful sync' })
  @OptionalNotNull()
  @IsBoolean({ message: 'announceExisting must be true or false' })
  announceExisting?: boolean;

  @ApiPropertyOptional({ ...CREDENTIALS_SCHEMA, nullable: true, description: 'null removes them' })
  @IsOptional()
  @Satisfies('isCredentials', credentialsProblem)
  credentials?: RegistryCredentials | null;
}

export class ListRemoteRepositoriesQuery extends PaginationQuery {}
