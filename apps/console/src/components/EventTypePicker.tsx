import { eventTypeBlocker } from '../access';
import { byFamily, FAMILY_TITLES } from '../api/catalogue';
import type { CallerView, CatalogueEntryView, EventType, SubscriptionScope } from '../api/types';

/**
 * The form's event types: a checkbox per catalogue type, labelled with its canonical name and
 * grouped by family, with what it means and, when the scope or the caller's level rules it out,
 * why. A type already chosen stays changeable, so a webhook can always be edited back into shape.
 */
export function EventTypePicker(props: {
  catalogue: readonly CatalogueEntryView[];
  caller: CallerView;
  scope: SubscriptionScope;
  selected: readonly EventType[];
  onToggle: (type: EventType) => void;
}) {
  return byFamily(props.catalogue).map(([family, entries]) => (
    <fieldset key={family} className="family">
      <legend>{FAMILY_TITLES[family]}</legend>
      {entries.map((entry) => {
        const blocker = eventTypeBlocker(props.caller, props.scope, entry);
        const checked = props.selected.includes(entry.type);
        const descriptionId = `event-${entry.type}`;
        return (
          <div key={entry.type} className={blocker ? 'event blocked' : 'event'}>
            <label className="check">
              <input
                type="checkbox"
                checked={checked}
                disabled={blocker !== undefined && !checked}
                onChange={() => props.onToggle(entry.type)}
                aria-describedby={descriptionId}
              />{' '}
              {entry.type}
            </label>
            <span id={descriptionId} className="hint">
              {entry.description}
              {blocker && ` (${blocker})`}
            </span>
          </div>
        );
      })}
    </fieldset>
  ));
}
