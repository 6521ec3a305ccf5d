/**
 * JSON.parse reviver for request bodies: refuses a `__proto__` key at any depth. Parsed, it is an
 * own property; class-transformer would then assign it as the DTO's prototype, so the whitelist
 * never sees it and the request would pass with the key silently dropped.
 */
export function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('__proto__ is not an allowed property');
  return value;
}
