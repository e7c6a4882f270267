import type { FilterFieldCatalog, FilterFieldSpec } from '../../core/filter/filter-field-catalog.js';
import { HOST_STATES, STATUS_INDICATORS } from '../../core/host/index.js';

const CAMEL: Record<string, FilterFieldSpec> = {
  resourceId: { type: 'string' },
  name: { type: 'string' },
  serialNumber: { type: 'string' },
  uuid: { type: 'string' },
  hostname: { type: 'string' },
  desiredState: { type: 'enum', values: HOST_STATES },
  currentState: { type: 'enum', values: HOST_STATES },
  hostStatus: { type: 'string' },
  hostStatusIndicator: { type: 'enum', values: STATUS_INDICATORS },
  onboardingStatus: { type: 'string' },
  registrationStatus: { type: 'string' },
  siteId: { type: 'string' },
  note: { type: 'string' },
  'timestamps.createdAt': { type: 'timestamp' },
  'timestamps.updatedAt': { type: 'timestamp' },
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * What `filter` and `orderBy` may name on hosts: the API's camelCase names and upstream's
 * snake_case spellings of them (orch-cli sends `serial_number='S' AND uuid='U'`).
 */
export const HOST_FILTER_CATALOG: FilterFieldCatalog = Object.freeze({
  ...CAMEL,
  ...Object.fromEntries(Object.entries(CAMEL).map(([key, spec]) => [snake(key), spec])),
});

/**
 * What `filter` and `orderBy` may name on instances: the host and the OS profile an instance
 * belongs to (`osID='os-…'` lists the hosts that run a profile), with upstream's nested spellings.
 */
export const INSTANCE_FILTER_CATALOG: FilterFieldCatalog = Object.freeze({
  resourceId: { type: 'string' },
  resource_id: { type: 'string' },
  hostID: { type: 'string' },
  'host.resourceId': { type: 'string' },
  osID: { type: 'string' },
  'os.resourceId': { type: 'string' },
});
