import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { OrchError } from '../errors/index.js';

/** Manifest `spec` keys and the API fields they fill (EMF's orch-cli names on the left). */
const SPEC_FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  type: 'osType',
  provider: 'osProvider',
  architecture: 'architecture',
  profileName: 'profileName',
  osImageUrl: 'imageUrl',
  osImageVersion: 'imageId',
  osImageSha256: 'sha256',
  securityFeature: 'securityFeature',
  description: 'description',
  osPackageManifestURL: 'installedPackagesUrl',
  osExistingCvesURL: 'existingCvesUrl',
  osFixedCvesURL: 'fixedCvesUrl',
  // The spellings of EMF's manifest schema (its YAML reader uses the os… ones above).
  existingCvesURL: 'existingCvesUrl',
  fixedCvesURL: 'fixedCvesUrl',
};

/** The three spellings of the certificate key found in EMF manifests. */
export const CERTIFICATE_KEYS = ['tlsCert', 'tlsCaCert', 'tlsCaCertificate'] as const;

/** A manifest read into an API body, with notes about keys that were ignored. */
export interface ManifestBody {
  readonly body: Record<string, unknown>;
  readonly notes: readonly string[];
}

const invalid = (message: string): OrchError =>
  new OrchError('InvalidArgument', message, { details: { field: 'manifest' } });

/**
 * Reads an EMF OS profile manifest (pure: orch-cli's `create osprofile <file>` and the console's
 * manifest prefill both use it; a refusal is InvalidArgument with the reason) (`appVersion`, `metadata`, `spec`) into the API body:
 * every variant EMF writes is accepted: the certificate under `tlsCert`, `tlsCaCert` or
 * `tlsCaCertificate`; `spec.metadata` as a map or as a YAML block string; `platformBundle` as a
 * string or an object (sent as JSON text); the package-manifest and CVE list URLs as
 * installedPackagesUrl, existingCvesUrl and fixedCvesUrl. Unknown spec keys are refused by name. Field values
 * are not checked here: core's rules do that, with orchd's wording.
 */
export function parseOsProfileManifest(text: string, source: string): ManifestBody {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1) {
    throw invalid(`${source} must hold exactly one YAML document`);
  }
  const document = documents[0]!;
  if (document.errors.length > 0) {
    throw invalid(`${source} is not valid YAML: ${document.errors[0]!.message}`);
  }
  const root: unknown = document.toJS();
  const spec = isMap(root) ? root['spec'] : undefined;
  if (!isMap(spec)) throw invalid(`${source} has no "spec" map: is it an OS profile manifest?`);
  return specToBody(spec);
}

function specToBody(spec: Record<string, unknown>): ManifestBody {
  const body: Record<string, unknown> = {};
  const notes: string[] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (value === null || value === undefined) continue;
    const field = SPEC_FIELDS[key];
    if (field) body[field] = typeof value === 'string' ? value : String(value);
    else if (key === 'metadata') body['metadata'] = manifestMetadata(value);
    else if (key === 'platformBundle') body['platformBundle'] = textOf(value);
    else if (!(CERTIFICATE_KEYS as readonly string[]).includes(key)) unknown.push(key);
  }
  if (unknown.length > 0) {
    const accepted = [...Object.keys(SPEC_FIELDS), 'metadata', 'platformBundle', ...CERTIFICATE_KEYS];
    throw invalid(`unknown spec key(s) ${unknown.join(', ')}; accepted keys are ${accepted.join(', ')}`);
  }
  const certificate = manifestCertificate(spec);
  if (certificate !== undefined) body['tlsCaCert'] = certificate;
  // EMF's orch-cli sends the image URL as given again as repoUrl ("Repository URL" in its views).
  if (typeof body['imageUrl'] === 'string') body['repoUrl'] = body['imageUrl'];
  return { body, notes };
}

/** The certificate under whichever spelling is used; two different values are refused. */
function manifestCertificate(spec: Record<string, unknown>): string | undefined {
  const given = CERTIFICATE_KEYS.filter((key) => spec[key] !== undefined && spec[key] !== null);
  const values = [...new Set(given.map((key) => String(spec[key]).trim()))];
  if (values.length > 1) {
    throw invalid(`spec sets ${given.join(' and ')} to different certificates; keep one of them`);
  }
  return values[0];
}

/** `metadata: {k: v}` as is; `metadata: |` block text read as YAML (a map) or left to core. */
function manifestMetadata(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return {};
  try {
    const parsed: unknown = parseYaml(value);
    return isMap(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
