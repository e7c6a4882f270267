import { Anchor, Table } from '@mantine/core';
import type { OsProfile } from '../api/api-types.js';
import { formatTime, shortEnum } from '../shared/format.js';
import type { ListSort } from '../shared/list-sort.js';
import { SortHeader } from '../shared/sort-header.js';
import { StateBadge } from './validation-badge.js';

/** The sortable columns and orchd's orderBy field for each. */
export const PROFILE_COLUMNS = [
  { field: 'name', label: 'Name' },
  { field: 'profileName', label: 'Profile name' },
  { field: 'imageId', label: 'Version' },
  { field: 'osType', label: 'Type' },
  { field: 'source', label: 'Source' },
  { field: 'validation.state', label: 'Validation' },
  { field: 'timestamps.updatedAt', label: 'Updated' },
] as const;

export interface ProfileTableProps {
  readonly profiles: readonly OsProfile[];
  readonly sort: ListSort;
  readonly onSort: (field: string) => void;
  /** The link of a profile's page, and what a click on it does (client-side navigation). */
  readonly href: (profile: OsProfile) => string;
  readonly onOpen: (profile: OsProfile) => void;
}

function cell(profile: OsProfile, field: string) {
  switch (field) {
    case 'osType':
      return shortEnum(profile.osType);
    case 'validation.state':
      return <StateBadge state={profile.validation.state} />;
    case 'timestamps.updatedAt':
      return formatTime(profile.timestamps.updatedAt);
    case 'source':
      return profile.source;
    case 'profileName':
      return profile.profileName;
    case 'imageId':
      return profile.imageId;
    default:
      return profile.name;
  }
}

/** OS profiles as a table: header buttons sort (aria-sort says how), names open the profile. */
export function ProfileTable({ profiles, sort, onSort, href, onOpen }: ProfileTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="OS profiles">
        <Table.Thead>
          <Table.Tr>
            {PROFILE_COLUMNS.map((column) => (
              <SortHeader key={column.field} {...column} sort={sort} onSort={onSort} />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profiles.map((profile) => (
            <Table.Tr key={profile.resourceId}>
              {PROFILE_COLUMNS.map((column) => (
                <Table.Td
                  key={column.field}
                  style={column.field === 'name' ? undefined : { whiteSpace: 'nowrap' }}
                >
                  {column.field === 'name' ? (
                    <Anchor
                      href={href(profile)}
                      onClick={(event) => {
                        event.preventDefault();
                        onOpen(profile);
                      }}
                    >
                      {profile.name}
                    </Anchor>
                  ) : (
                    cell(profile, column.field)
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
