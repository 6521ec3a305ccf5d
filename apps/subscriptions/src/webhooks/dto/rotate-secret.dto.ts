import { ApiPropertyOptional } from '@nestjs/swagger';
import { secretProblem } from './field-rules';
import { OptionalNotNull, Satisfies } from './rules.decorators';

export class RotateSecretDto {
  @ApiPropertyOptional({ description: 'The new secret (whsec_…); generated when left out' })
  @OptionalNotNull()
  @Satisfies('isSigningSecret', secretProblem)
  secret?: string;
}
