import { HOST_STATES, type HostState } from '../../core/host/host-types.js';

/** The host list's filter: the AIP-160 text typed plus the quick filter on currentState. */
export interface HostFilter {
  readonly text: string;
  readonly currentState?: HostState;
}

/** The states worth a quick filter (UNSPECIFIED and DELETED are never listed). */
export const HOST_QUICK_STATES = HOST_STATES.filter(
  (s) => s !== 'HOST_STATE_UNSPECIFIED' && s !== 'HOST_STATE_DELETED',
);

/** The `filter` parameter: the typed expression (parenthesised when combined) AND the state. */
export function buildHostFilter(filter: HostFilter): string | undefined {
  const terms: string[] = [];
  const text = filter.text.trim();
  if (text) terms.push(filter.currentState ? `(${text})` : text);
  if (filter.currentState) terms.push(`currentState = ${filter.currentState}`);
  return terms.length > 0 ? terms.join(' AND ') : undefined;
}

/** Sortable columns (orchd's orderBy names for hosts). */
export const HOST_SORT_FIELDS = [
  { field: 'name', label: 'Name' },
  { field: 'serialNumber', label: 'Serial' },
  { field: 'uuid', label: 'UUID' },
  { field: 'currentState', label: 'State' },
  { field: 'hostStatus', label: 'Host status' },
  { field: 'timestamps.createdAt', label: 'Registered' },
] as const;
