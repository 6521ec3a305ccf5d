import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate, ValidationError, ValidatorOptions } from 'class-validator';

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
};

/**
 * class-validator errors → one message per offending field, named by its full path:
 * "target.url must be an http or https URL", "target.colour is not an allowed property".
 */
export function validationMessages(errors: readonly ValidationError[], parent = ''): string[] {
  const messages: string[] = [];
  for (const error of errors) {
    const property = error.property ?? '';
    const path = parent && property ? `${parent}.${property}` : parent || property;
    // Constraints are listed bottom decorator first, so the last is the field's first rule as
    // written; "nested property must be an object" is only a fallback for @IsObject's message.
    const entries = Object.entries(error.constraints ?? {});
    const first =
      entries.filter(([constraint]) => constraint !== 'nestedValidation').at(-1) ?? entries.at(-1);
    if (first) {
      const [constraint, message] = first;
      if (constraint === 'whitelistValidation') messages.push(`${path} is not an allowed property`);
      else if (constraint === 'unknownValue')
        messages.push(path ? `${path} must be an object` : 'the body must be a JSON object');
      else if (property && message.startsWith(property)) messages.push(path + message.slice(property.length));
      else messages.push(path ? `${path}: ${message}` : message);
    }
    messages.push(...validationMessages(error.children ?? [], path));
  }
  return messages;
}

export function badRequest(errors: readonly ValidationError[]): BadRequestException {
  return new BadRequestException(validationMessages(errors).join('; ') || 'the request is not valid');
}

/** The global pipe: DTOs transformed and validated, unknown properties refused. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => badRequest(errors),
  });
}

/** Validates plain input against a DTO class with the pipe's rules; throws the same 400 the pipe would. */
export async function validateAs<T extends object>(type: ClassConstructor<T>, plain: unknown): Promise<T> {
  const instance = plainToInstance(type, plain);
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw badRequest(errors);
  return instance;
}
