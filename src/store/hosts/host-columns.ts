import type { FilterColumnMap } from '../filter/filter-column-map.js';
import type { ListSpec } from '../filter/list-page.js';
import type { Host } from '../../core/host/host-types.js';
import { fromHostRow } from './host-row.js';

/**
 * Where each filterable/orderable host field lives in `hosts`. Upstream's snake_case spellings
 * (`serial_number`, `resource_id`, ...) are aliases of the camelCase ones.
 */
const CAMEL: FilterColumnMap = {
  resourceId: { column: 'resource_id', type: 'string', orderIndexed: true },
  name: { column: 'name', type: 'string' },
  serialNumber: { column: 'serial_number', type: 'string' },
  uuid: { column: 'uuid', type: 'string' },
  hostname: { column: 'hostname', type: 'string' },
  desiredState: { column: 'desired_state', type: 'enum' },
  currentState: { column: 'current_state', type: 'enum' },
  hostStatus: { column: 'host_status', type: 'string' },
  hostStatusIndicator: { column: 'host_status_indicator', type: 'enum' },
  onboardingStatus: { column: 'onboarding_status', type: 'string' },
  registrationStatus: { column: 'registration_status', type: 'string' },
  siteId: { column: 'site_id', type: 'string' },
  note: { column: 'note', type: 'string' },
  'timestamps.createdAt': { column: 'created_at', type: 'timestamp' },
  'timestamps.updatedAt': { column: 'updated_at', type: 'timestamp' },
};

/** camelCase -> snake_case (`serialNumber` -> `serial_number`, `timestamps.createdAt` -> `timestamps.created_at`). */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export const HOST_COLUMNS: FilterColumnMap = Object.freeze({
  ...CAMEL,
  ...Object.fromEntries(Object.entries(CAMEL).map(([key, value]) => [snakeCase(key), value])),
});

export const HOST_TIEBREAKER = { column: 'resource_id', type: 'string' } as const;
export const HOST_DEFAULT_ORDER = [{ field: 'resourceId', direction: 'asc' }] as const;

/** How hosts are listed page by page. */
export const HOST_LIST: ListSpec<'hosts', Host> = {
  table: 'hosts',
  columns: HOST_COLUMNS,
  defaultOrder: HOST_DEFAULT_ORDER,
  tiebreaker: HOST_TIEBREAKER,
  fromRow: fromHostRow,
};
