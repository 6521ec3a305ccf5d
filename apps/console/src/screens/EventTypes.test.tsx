import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn } from '../test-support';
import { CATALOGUE } from '../test-fixtures';
import { EventTypes } from './EventTypes';

describe('Event types', () => {
  it('lists the catalogue by family with each type’s example and JSON Schema link', async () => {
    fakeApi({ 'GET /event-types': { body: CATALOGUE } });
    const user = userEvent.setup();
    renderSignedIn(<EventTypes />);
    const scans = await screen.findByRole('region', { name: 'Vulnerability scans' });
    const type = within(scans).getByRole('article', { name: 'SCAN_COMPLETED' });
    expect(within(type).getByText('SCAN_COMPLETED happened.')).toBeTruthy();
    expect(
      within(type).getByRole('link', { name: 'JSON Schema of SCAN_COMPLETED' }).getAttribute('href'),
    ).toBe('/api/v1/schemas/registry.scan.v1.json');
    await user.click(within(type).getByText('Example SCAN_COMPLETED event'));
    expect(JSON.parse(within(type).getByLabelText('SCAN_COMPLETED example').textContent!)).toMatchObject({
      type: 'SCAN_COMPLETED',
    });
    expect(screen.getByRole('article', { name: 'SCANNER_UPDATE_COMPLETED' }).textContent).toContain(
      'API only',
    );
  });
});
