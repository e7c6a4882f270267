import { toCamelCase } from '../filter/field-name-case.js';
import { PROFILE_INPUT_FIELDS } from './profile-field-normalizers.js';

/** A field mask read against the OS profile's fields. */
export interface ProfileFieldMask {
  /**
   * The profile fields the mask names, in API (camelCase) spelling, each once; undefined when it
   * names none, which EMF treats as no mask at all (every field present in the body applies).
   */
  readonly fields: readonly string[] | undefined;
  /** Paths naming no field a client sets (unknown or read-only): ignored, as EMF ignores them. */
  readonly ignored: readonly string[];
}

const KNOWN: readonly string[] = PROFILE_INPUT_FIELDS;

/**
 * Reads EMF's `fieldMask` query parameter: comma-separated paths, each a field name in proto
 * (`tls_ca_cert`) or JSON (`tlsCaCert`) spelling. Blank paths are skipped; paths naming no field
 * are ignored rather than refused, as EMF does, and reported in `ignored`.
 */
export function readProfileFieldMask(text: string): ProfileFieldMask {
  const fields: string[] = [];
  const ignored: string[] = [];
  for (const raw of text.split(',')) {
    const path = raw.trim();
    if (path === '') continue;
    const field = toCamelCase(path);
    if (!KNOWN.includes(field)) ignored.push(path);
    else if (!fields.includes(field)) fields.push(field);
  }
  return { fields: fields.length > 0 ? fields : undefined, ignored };
}
