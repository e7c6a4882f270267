import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import type { OsProfile } from '../api/api-types.js';
import { buildOrderBy, nextSort } from '../shared/list-sort.js';
import { buildFilter } from './profile-filter.js';
import { ProfileTable } from './profile-table.js';

const profile = (id: string, name: string, state: string): OsProfile =>
  ({
    resourceId: id,
    name,
    profileName: 'ubuntu-22.04-lts-custom',
    imageId: '22.04.5',
    osType: 'OS_TYPE_MUTABLE',
    source: 'custom',
    validation: { state },
    timestamps: { createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z' },
  }) as OsProfile;

describe('OS profile table', () => {
  test('one row per profile with its validation state; names link to the profile', () => {
    const onOpen = vi.fn();
    render(
      <MantineProvider>
        <ProfileTable
          profiles={[profile('os-00000001', 'Alpha', 'passed'), profile('os-00000002', 'Beta', 'failed')]}
          sort={{ field: 'name', desc: false }}
          onSort={() => undefined}
          href={(p) => `/p/${p.resourceId}`}
          onOpen={onOpen}
        />
      </MantineProvider>,
    );
    const rows = within(screen.getByRole('table', { name: 'OS profiles' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('passed')).toBeTruthy();
    expect(within(rows[2]!).getByText('failed')).toBeTruthy();
    expect(within(rows[1]!).getByText('MUTABLE')).toBeTruthy();
    const link = within(rows[2]!).getByRole('link', { name: 'Beta' });
    expect(link.getAttribute('href')).toBe('/p/os-00000002');
    fireEvent.click(link);
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ resourceId: 'os-00000002' }));
  });

  test('headers say how the table is sorted and ask for a sort when clicked', () => {
    const onSort = vi.fn();
    render(
      <MantineProvider>
        <ProfileTable
          profiles={[]}
          sort={{ field: 'imageId', desc: true }}
          onSort={onSort}
          href={() => '#'}
          onOpen={() => undefined}
        />
      </MantineProvider>,
    );
    const version = screen.getByRole('columnheader', { name: /Version/ });
    expect(version.getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: /^Name/ }).getAttribute('aria-sort')).toBe('none');
    fireEvent.click(screen.getByRole('button', { name: 'Validation' }));
    expect(onSort).toHaveBeenCalledWith('validation.state');
  });
});

describe('list filter and order', () => {
  test('quick filters AND the typed AIP-160 text, kept in parentheses', () => {
    expect(buildFilter({ text: '' })).toBeUndefined();
    expect(buildFilter({ text: 'name = "U*" OR imageId = 1' })).toBe('name = "U*" OR imageId = 1');
    expect(buildFilter({ text: 'name = "U*" OR imageId = 1', osType: 'MUTABLE', validation: 'failed' })).toBe(
      '(name = "U*" OR imageId = 1) AND osType = MUTABLE AND validation.state = failed',
    );
    expect(buildFilter({ text: ' ', source: 'custom' })).toBe('source = custom');
  });

  test('a new column sorts ascending, the same column flips', () => {
    const byName = { field: 'name', desc: false };
    expect(nextSort(byName, 'name')).toEqual({ field: 'name', desc: true });
    expect(nextSort({ field: 'name', desc: true }, 'imageId')).toEqual({ field: 'imageId', desc: false });
    expect(buildOrderBy({ field: 'timestamps.updatedAt', desc: true })).toBe('timestamps.updatedAt desc');
  });
});
