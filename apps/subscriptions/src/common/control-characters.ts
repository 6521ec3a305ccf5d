/**
 * True when `text` has a C0 control character or DEL other than those in `allowed` (e.g. "\t\r\n").
 * CR and LF split headers, NUL cannot be stored in PostgreSQL text, and HTTP clients refuse the rest.
 */
export function hasControlCharacter(text: string, allowed = ''): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !allowed.includes(text[i])) return true;
  }
  return false;
}
