import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { Problem } from './field-rules';

/** A class-validator rule from a field-rules function: valid when it finds no problem. */
export function Satisfies(name: string, problemOf: (value: unknown) => Problem, options?: ValidationOptions) {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => problemOf(value) === undefined,
        defaultMessage: (args) => `${args?.property}${problemOf(args?.value) ?? ' is not valid'}`,
      },
    },
    options,
  );
}

/** The field may be left out, but not set to null (unlike @IsOptional). */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);
