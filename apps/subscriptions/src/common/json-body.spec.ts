import { refuseProtoKeys } from './json-body';

describe('refuseProtoKeys', () => {
  it('refuses a __proto__ key at the top level and nested', () => {
    expect(() => JSON.parse('{"name":"a","__proto__":{"admin":true}}', refuseProtoKeys)).toThrow(
      '__proto__ is not an allowed property',
    );
    expect(() => JSON.parse('{"target":{"headers":{"__proto__":"x"}}}', refuseProtoKeys)).toThrow(
      SyntaxError,
    );
  });

  it('leaves every other body as JSON.parse gives it', () => {
    const text = '{"name":"a","proto":1,"constructor":{"prototype":2},"list":[1,{"b":null}]}';
    expect(JSON.parse(text, refuseProtoKeys)).toEqual(JSON.parse(text));
  });
});
