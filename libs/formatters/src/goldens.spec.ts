import { EVENT_TYPE_INFO, EVENT_TYPES, FAMILIES } from '@app/events';
import { FIXTURE_EVENTS, VARIANTS } from './__fixtures__/fixtures';
import { formatCase, GOLDEN_CASES, loadGoldens } from './__fixtures__/goldens';

describe('golden files', () => {
  it('cover every event family with a fixture event of each type', () => {
    expect(new Set(EVENT_TYPES.map((type) => EVENT_TYPE_INFO[type].family))).toEqual(new Set(FAMILIES));
    for (const type of EVENT_TYPES) expect(FIXTURE_EVENTS[type].type).toBe(type);
  });

  describe.each(VARIANTS)('%s', (variant) => {
    const goldens = loadGoldens(variant);

    it.each(GOLDEN_CASES)('%s: headers and body byte for byte', (name) => {
      const actual = formatCase(variant, name);
      expect(actual.headers).toEqual(goldens[name].headers);
      expect(actual.body).toBe(JSON.stringify(goldens[name].body));
    });
  });
});
