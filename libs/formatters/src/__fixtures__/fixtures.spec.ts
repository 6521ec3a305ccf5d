import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ENVELOPE_SCHEMAS, EVENT_TYPE_INFO, EVENT_TYPES } from '@app/events';
import { FIXTURE_EVENTS } from './fixtures';

describe('fixture events', () => {
  it('has the date-time format registered, so timestamps are really checked', () => {
    expect(FormatRegistry.Has('date-time')).toBe(true);
  });

  it.each(EVENT_TYPES)('%s is a valid event of its family', (type) => {
    const event = FIXTURE_EVENTS[type];
    const schema = ENVELOPE_SCHEMAS[EVENT_TYPE_INFO[type].family];
    expect([...Value.Errors(schema, event)].map((error) => `${error.path}: ${error.message}`)).toEqual([]);
    expect(Value.Check(schema, event)).toBe(true);
    expect(event.type).toBe(type);
  });
});
