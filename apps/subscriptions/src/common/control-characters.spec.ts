import { hasControlCharacter } from './control-characters';

describe('hasControlCharacter', () => {
  it.each([
    ['plain text', '', false],
    ['tab\there', '', true],
    ['tab\there', '\t', false],
    ['line\r\nbreak', '\t', true],
    ['line\r\nbreak', '\t\r\n', false],
    ['nul\u0000', '\t\r\n', true],
    ['del\u007f', '', true],
    ['unicode ü €', '', false],
  ])('%j (allowed %j) → %s', (text, allowed, expected) => {
    expect(hasControlCharacter(text, allowed)).toBe(expected);
  });
});
