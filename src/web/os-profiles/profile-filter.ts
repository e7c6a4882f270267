import {
  PROFILE_VALIDATION_STATES,
  type ProfileValidationState,
} from '../../core/os-profile/os-profile-types.js';

/** The list page's filter: the AIP-160 text the operator typed plus the quick filters. */
export interface ProfileFilter {
  readonly text: string;
  readonly osType?: 'MUTABLE' | 'IMMUTABLE';
  readonly source?: 'default' | 'custom';
  readonly validation?: ProfileValidationState;
}

export const VALIDATION_STATES = PROFILE_VALIDATION_STATES;

/**
 * The `filter` parameter orchd gets: the typed expression (in parentheses, so its ORs stay
 * inside) AND each quick filter. orchd parses and checks it and names the position of an error.
 */
export function buildFilter(filter: ProfileFilter): string | undefined {
  const terms: string[] = [];
  const text = filter.text.trim();
  if (text) terms.push(filter.osType || filter.source || filter.validation ? `(${text})` : text);
  if (filter.osType) terms.push(`osType = ${filter.osType}`);
  if (filter.source) terms.push(`source = ${filter.source}`);
  if (filter.validation) terms.push(`validation.state = ${filter.validation}`);
  return terms.length > 0 ? terms.join(' AND ') : undefined;
}
