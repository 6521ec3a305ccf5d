import { describe, expect, it } from 'vitest';
import { curlCommand, shellQuote } from './curl';

describe('curlCommand', () => {
  it('quotes every part so a shell passes it through unchanged', () => {
    expect(shellQuote(`it's $(rm -rf /)`)).toBe(`'it'\\''s $(rm -rf /)'`);
    expect(
      curlCommand({
        url: 'https://ci.example.com/hooks?a=1&b=2',
        headers: { 'content-type': 'application/json', authorization: '[redacted]' },
        body: `{"note":"it's"}`,
      }),
    ).toBe(
      [
        `curl -X POST 'https://ci.example.com/hooks?a=1&b=2'`,
        `  -H 'content-type: application/json'`,
        `  -H 'authorization: [redacted]'`,
        `  --data-raw '{"note":"it'\\''s"}'`,
      ].join(' \\\n'),
    );
  });
});
