import { TSchema } from '@sinclair/typebox';
import { TypeCheck, ValueError, ValueErrorType } from '@sinclair/typebox/compiler';

export interface ValidationIssue {
  /** JSON pointer (RFC 6901) to the offending value; '' for the root. */
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/**
 * A hostile record can have thousands of problems (say, 10,000 unknown properties); past this many
 * the rest are summarised in one issue so the error list stays bounded.
 */
export const MAX_ISSUES = 50;
const MAX_REASON_LENGTH = 1024;

/** A value quoted in a message, shortened so a huge input cannot blow up the message. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

function messageOf(error: ValueError): string {
  const { schema } = error;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'is not an allowed property';
    case ValueErrorType.Object:
      return 'must be an object';
    case ValueErrorType.Array:
      return 'must be an array';
    case ValueErrorType.String:
      return 'must be a string';
    case ValueErrorType.Integer:
      return 'must be an integer';
    case ValueErrorType.Number:
      return 'must be a number';
    case ValueErrorType.Boolean:
      return 'must be a boolean';
    case ValueErrorType.Null:
      return 'must be null';
    case ValueErrorType.Literal:
      return `must be ${quote(schema.const)}`;
    case ValueErrorType.StringPattern:
      return `must match ${schema.pattern}`;
    case ValueErrorType.StringFormat:
      return schema.format === 'date-time'
        ? 'must be an RFC 3339 date-time such as 2026-11-22T10:00:00.123Z'
        : `must be a valid ${schema.format}`;
    case ValueErrorType.StringMinLength:
      return schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`;
    case ValueErrorType.StringMaxLength:
      return `must be at most ${schema.maxLength} characters`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be >= ${schema.minimum}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `must be <= ${schema.maximum}`;
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.IntegerExclusiveMinimum:
      return `must be > ${schema.exclusiveMinimum}`;
    case ValueErrorType.ArrayMinItems:
      return `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`;
    default:
      return error.message;
  }
}

/** Errors that say the value is not of a variant's basic shape (wrong kind or wrong discriminator). */
const SHAPE_MISMATCH = new Set<ValueErrorType>([
  ValueErrorType.Object,
  ValueErrorType.Array,
  ValueErrorType.String,
  ValueErrorType.Integer,
  ValueErrorType.Number,
  ValueErrorType.Boolean,
  ValueErrorType.Null,
  ValueErrorType.Literal,
]);

function oneOf(values: unknown[]): string {
  const choices = values.map(quote);
  return `must be one of ${(choices.length > 12 ? [...choices.slice(0, 12), '...'] : choices).join(', ')}`;
}

/** A property every object variant pins to a literal (such as scope.type), if there is one. */
function discriminatorOf(variants: TSchema[]): string | undefined {
  const [first, ...rest] = variants;
  return Object.keys(first.properties ?? {}).find(
    (key) =>
      'const' in first.properties[key] &&
      rest.every((v) => v.properties?.[key] && 'const' in v.properties[key]),
  );
}

/**
 * TypeBox reports a failed union as one "Expected union value" with every variant's errors nested.
 * A union of literals becomes "must be one of …"; a discriminated union with an unknown
 * discriminator says so at the discriminator. Otherwise, when exactly one variant has the value's
 * shape (right kind, matching literals), its errors are the useful ones; failing that, one message
 * lists the expected kinds.
 */
function* unionErrors(error: ValueError): Generator<ValidationIssue> {
  const variants: TSchema[] = error.schema.anyOf;
  if (variants.every((variant) => 'const' in variant)) {
    yield { path: error.path, message: oneOf(variants.map((variant) => variant.const)) };
    return;
  }
  const discriminator = discriminatorOf(variants);
  const value = error.value as Record<string, unknown>;
  if (discriminator !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const choices = variants.map((variant) => variant.properties[discriminator].const);
    if (!choices.includes(value[discriminator])) {
      const message = value[discriminator] === undefined ? 'is required' : oneOf(choices);
      yield { path: `${error.path}/${discriminator}`, message };
      return;
    }
  }
  const candidates = error.errors
    .map((iterator) => [...iterator])
    .filter((variantErrors) =>
      variantErrors.every(
        (e) => !(SHAPE_MISMATCH.has(e.type) && (e.path === error.path || e.type === ValueErrorType.Literal)),
      ),
    );
  if (candidates.length === 1) {
    yield* schemaIssues(candidates[0]);
    return;
  }
  const kinds = new Set(variants.map((variant) => String(variant.type ?? 'value')));
  yield { path: error.path, message: `must be one of the allowed shapes (${[...kinds].join(' or ')})` };
}

function* schemaIssues(errors: Iterable<ValueError>): Generator<ValidationIssue> {
  for (const error of errors) {
    if (error.type === ValueErrorType.Union) yield* unionErrors(error);
    else yield { path: error.path, message: messageOf(error) };
  }
}

/** Adds issues, keeping one per path (the first: "is required" before the type error TypeBox adds). */
export class IssueList {
  private readonly issues: ValidationIssue[] = [];
  private readonly paths = new Set<string>();
  private truncated = false;

  add(path: string, message: string): void {
    if (this.paths.has(path)) return;
    if (this.issues.length >= MAX_ISSUES) {
      this.truncated = true;
      return;
    }
    this.paths.add(path);
    this.issues.push({ path, message });
  }

  addAll(issues: Iterable<ValidationIssue>, prefix = ''): void {
    for (const issue of issues) {
      this.add(prefix + issue.path, issue.message);
      if (this.truncated) return;
    }
  }

  /** Schema errors of `value`, read lazily so a huge input stops at the cap. */
  addSchemaErrors(check: TypeCheck<TSchema>, value: unknown, prefix = ''): void {
    this.addAll(schemaIssues(check.Errors(value)), prefix);
  }

  get empty(): boolean {
    return this.issues.length === 0;
  }

  result(): ValidationIssue[] {
    return this.truncated
      ? [...this.issues, { path: '', message: 'more problems not listed' }]
      : [...this.issues];
  }
}

/** One line for logs and the x-invalid-reason header: `/target/tag: must match …; /data: …`, about 1 KB at most. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  const line = issues
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
  if (line.length <= MAX_REASON_LENGTH) return line;
  const cut = line.slice(0, MAX_REASON_LENGTH - 3);
  // Do not leave half a surrogate pair at the end.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}...`;
}
