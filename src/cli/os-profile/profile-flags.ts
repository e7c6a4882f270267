import { usageError } from '../cli-error.js';

/** The `os-profile create` flags (commander's camelCase names). */
export interface CreateProfileFlags {
  readonly name?: string;
  readonly type?: string;
  readonly imageUrl?: string;
  readonly checksum?: string;
  readonly profileName?: string;
  readonly osVersion?: string;
  readonly securityFeature?: string;
  readonly provider?: string;
  readonly architecture?: string;
  readonly description?: string;
  readonly metadata?: readonly string[];
}

/** The flags of `update`: only what orchd lets change after creation. */
export interface UpdateProfileFlags {
  readonly description?: string;
  readonly architecture?: string;
  readonly metadata?: readonly string[];
}

/**
 * `--metadata k=v[,k=v]`, repeatable, into one map (later keys win). A pair without `=` or
 * with an empty key is a usage error. `--metadata ''` gives an empty map (clears it on update).
 */
export function parseMetadataFlags(values: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const value of values) {
    for (const pair of value.split(',')) {
      if (pair.trim() === '') continue;
      const at = pair.indexOf('=');
      if (at <= 0) throw usageError(`--metadata "${pair}" must be key=value (several: k1=v1,k2=v2)`);
      map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
  }
  return map;
}

/** Sets `body[field]` only when `value` was given, so absent flags leave fields absent. */
function put(body: Record<string, unknown>, field: string, value: unknown): void {
  if (value !== undefined) body[field] = value;
}

/**
 * The API body of the flag form: `--type` is osType, `--checksum` sha256, `--os-version` imageId,
 * `--provider` osProvider; the certificate comes from {@link resolveCertificateInput}.
 * Values go as typed: core normalises aliases (MUTABLE, SB_FDE, INFRA) and checks the rules.
 */
export function bodyFromCreateFlags(
  flags: CreateProfileFlags,
  certificate: string | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  put(body, 'name', flags.name);
  put(body, 'profileName', flags.profileName);
  put(body, 'imageUrl', flags.imageUrl);
  put(body, 'imageId', flags.osVersion);
  put(body, 'sha256', flags.checksum);
  put(body, 'osType', flags.type);
  put(body, 'osProvider', flags.provider);
  put(body, 'securityFeature', flags.securityFeature);
  put(body, 'architecture', flags.architecture);
  put(body, 'description', flags.description);
  put(body, 'tlsCaCert', certificate);
  if (flags.metadata && flags.metadata.length > 0) body['metadata'] = parseMetadataFlags(flags.metadata);
  return body;
}

/** The PATCH body of `update` from its flags (and a new certificate, when one was given). */
export function bodyFromUpdateFlags(
  flags: UpdateProfileFlags,
  certificate: string | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  put(body, 'description', flags.description);
  put(body, 'architecture', flags.architecture);
  put(body, 'tlsCaCert', certificate);
  if (flags.metadata && flags.metadata.length > 0) body['metadata'] = parseMetadataFlags(flags.metadata);
  return body;
}

/** The image file's name without its image and compression extensions (`jammy.img.gz` gives `jammy`). */
export function imageFileStem(imageUrl: string): string {
  const file = decodeURIComponent(imageUrl.split(/[?#]/)[0]!.split('/').pop() ?? '');
  return file.replace(/(\.(img|raw|qcow2|iso|gz|xz|zst|bz2|tar))+$/i, '');
}

/**
 * `--profile-name` and `--os-version` when not given, derived the same way by create and the dry
 * run: the profile name from `--name` (else from the image file name), the version from the first
 * dotted number in `--name` or the image file name. Each derived value is said through `note`.
 */
export function withDerivedDefaults<F extends CreateProfileFlags>(flags: F, note: (text: string) => void): F {
  const derived: { -readonly [K in keyof CreateProfileFlags]: CreateProfileFlags[K] } = {};
  const source = flags.name ?? (flags.imageUrl ? imageFileStem(flags.imageUrl) : undefined);
  if (flags.profileName === undefined && source) {
    derived.profileName = profileNameFromName(source);
    note(`--profile-name not given: using "${derived.profileName}"`);
  }
  if (flags.osVersion === undefined && flags.imageUrl) {
    const version = versionFromNameOrUrl(flags.name ?? '', flags.imageUrl);
    if (version) {
      derived.osVersion = version;
      note(`--os-version not given: using "${version}" from the name or image file`);
    }
  }
  return { ...flags, ...derived };
}

/**
 * A profileName from a display name when `--profile-name` is not given: lower case, runs of
 * other characters as '-' (`Ubuntu 22.04 custom` gives `ubuntu-22.04-custom`). The OS family
 * (Ubuntu, EMT) is read from profileName and name, so this keeps it.
 */
export function profileNameFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 128);
}

/**
 * An OS image version when `--os-version` is not given: the first dotted number in the name,
 * else in the image file name (`ubuntu-22.04-server-cloudimg-amd64.img` gives `22.04`).
 */
export function versionFromNameOrUrl(name: string, imageUrl: string): string | undefined {
  const version = /\d+(?:\.\d+)+/;
  const file = imageUrl.split('?')[0]!.split('/').pop() ?? '';
  return version.exec(name)?.[0] ?? version.exec(file)?.[0];
}
