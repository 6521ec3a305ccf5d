import type { ChangeEvent } from 'react';
import { useCatalogue } from '../api/catalogue';

/** The "Event type" filter of a list: any, or one catalogue type. */
export function EventTypeFilter(props: {
  value: string;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
}) {
  const catalogue = useCatalogue();
  return (
    <label>
      Event type
      <select value={props.value} onChange={props.onChange}>
        <option value="">any</option>
        {catalogue.data?.map((entry) => (
          <option key={entry.type}>{entry.type}</option>
        ))}
      </select>
    </label>
  );
}
