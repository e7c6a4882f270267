import { isOrchError } from '../../core/errors/index.js';
import { parseOsProfileManifest } from '../../core/os-profile/emf-manifest.js';
import { normalizeEnumValue } from '../../core/os-profile/os-profile-aliases.js';
import { shortEnum } from '../shared/format.js';
import { EMPTY_PROFILE_FORM, type ProfileFormValues } from './profile-form-model.js';

/** A manifest read for the create form: its values, and the body fields the form has no box for. */
export type ManifestPrefill =
  | { readonly ok: true; readonly values: ProfileFormValues; readonly extra: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

const FORM_FIELDS = new Set(Object.keys(EMPTY_PROFILE_FORM));

/**
 * Reads an EMF OS profile manifest with core's reader (the one orch-cli's `create osprofile
 * <file>` uses) into the create form's values. Enum values are shown short (`OS_TYPE_MUTABLE` →
 * `MUTABLE`), metadata as JSON text; fields the form does not show (CVE lists, package manifest,
 * platform bundle, repoUrl) are kept aside and sent with the body.
 */
export function prefillFromManifest(text: string, source: string): ManifestPrefill {
  let body: Record<string, unknown>;
  try {
    body = parseOsProfileManifest(text, source).body;
  } catch (error) {
    if (isOrchError(error)) return { ok: false, message: error.message };
    throw error;
  }
  const values: ProfileFormValues = { ...EMPTY_PROFILE_FORM };
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!FORM_FIELDS.has(key)) {
      extra[key] = value;
      continue;
    }
    const field = key as keyof ProfileFormValues;
    if (field === 'metadata') values.metadata = typeof value === 'string' ? value : JSON.stringify(value);
    else if (field === 'osType' || field === 'osProvider' || field === 'securityFeature') {
      // core's spellings (EMF's OPERATING_SYSTEM_TYPE_MUTABLE too); an unknown one is left for the rules to name.
      const known = normalizeEnumValue(field, String(value));
      values[field] = known.ok ? shortEnum(known.value) : String(value);
    } else values[field] = String(value);
  }
  return { ok: true, values, extra };
}
