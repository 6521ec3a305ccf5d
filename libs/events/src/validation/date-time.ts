import { FormatRegistry } from '@sinclair/typebox';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by the `length` ASCII digits at `start`, or -1 if any is not one. */
function digitsAt(value: string, start: number, length: number): number {
  let number = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/** True if `value` from `start` is `HH:MM` with both in range (an offset). */
function isOffsetAt(value: string, start: number): boolean {
  if (value.length !== start + 5 || value.charCodeAt(start + 2) !== 58) return false;
  const hour = digitsAt(value, start, 2);
  const minute = digitsAt(value, start + 3, 2);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
}

/**
 * RFC 3339 `date-time` (section 5.6): full date, `T`, full time with a mandatory offset, fields in
 * range. Leap seconds (`:60`) are refused: JavaScript's Date cannot represent them and every
 * formatter turns occurredAt into a Date. A scan rather than a regular expression with captures:
 * every inbound event has timestamps, and this runs for each of them.
 */
export function isRfc3339DateTime(value: string): boolean {
  if (value.length < 20) return false;
  const at = (i: number): number => value.charCodeAt(i);
  // '-' 45, ':' 58, 'T' 84, 't' 116
  if (at(4) !== 45 || at(7) !== 45 || (at(10) !== 84 && at(10) !== 116)) return false;
  if (at(13) !== 58 || at(16) !== 58) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let i = 19;
  // '.' 46: a fraction has at least one digit.
  if (at(i) === 46) {
    i += 1;
    const first = i;
    while (at(i) >= 48 && at(i) <= 57) i += 1;
    if (i === first) return false;
  }
  // 'Z' 90, 'z' 122, '+' 43, '-' 45
  const zone = at(i);
  if (zone === 90 || zone === 122) return value.length === i + 1;
  return (zone === 43 || zone === 45) && isOffsetAt(value, i + 1);
}

FormatRegistry.Set('date-time', isRfc3339DateTime);
