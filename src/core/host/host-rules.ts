import { OrchError } from '../errors/index.js';
import type { HostRegistration, MetadataItem } from './host-types.js';

/** Upstream's serial number rule (empty allowed: then the UUID identifies the node). */
export const SERIAL_NUMBER_PATTERN = /^[A-Za-z0-9]{5,20}$/;
/** RFC 4122 text form, any case (stored lower-case). */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Upstream's limit on a host name. */
export const HOST_NAME_MAX = 50;
/** Upstream's limit on a register body's name. */
export const REGISTER_NAME_MAX = 20;
/** The largest LVM partition a host may ask for, in GiB (a sanity bound, 1 PiB). */
export const USER_LVM_MAX_GIB = 1024 * 1024;

/** The register body as the schema checked its types. */
export interface RegisterInput {
  readonly name?: string;
  readonly serialNumber?: string;
  readonly uuid?: string;
  readonly autoOnboard?: boolean;
  readonly enableVpro?: boolean;
  readonly userLvmSize?: number;
}

const invalid = (field: string, message: string) =>
  new OrchError('InvalidArgument', message, { details: { field } });

/** A serial number, checked; '' stays ''. */
export function checkSerialNumber(value: string): string {
  if (value !== '' && !SERIAL_NUMBER_PATTERN.test(value)) {
    throw invalid('serialNumber', `serialNumber "${value.slice(0, 40)}" must be 5 to 20 letters or digits`);
  }
  return value;
}

/** A UUID, checked and lower-cased; '' stays ''. */
export function checkUuid(value: string): string {
  if (value !== '' && !UUID_PATTERN.test(value)) {
    throw invalid('uuid', `uuid "${value.slice(0, 40)}" is not an RFC 4122 UUID (8-4-4-4-12 hex digits)`);
  }
  return value.toLowerCase();
}

/**
 * Upstream's register rules: at least one of uuid and serialNumber ("either UUID or SerialNumber
 * must be set"), serial `^[A-Za-z0-9]{5,20}$`, uuid RFC 4122, name at most 20 characters.
 */
export function checkRegistration(input: RegisterInput): HostRegistration {
  const serialNumber = checkSerialNumber(input.serialNumber ?? '');
  const uuid = checkUuid(input.uuid ?? '');
  if (serialNumber === '' && uuid === '') {
    throw new OrchError('InvalidArgument', 'either UUID or SerialNumber must be set', {
      details: { field: 'uuid' },
    });
  }
  const name = input.name ?? '';
  if (name.length > REGISTER_NAME_MAX) {
    throw invalid('name', `name must be at most ${REGISTER_NAME_MAX} characters, got ${name.length}`);
  }
  const userLvmSize = checkUserLvmSize(input.userLvmSize ?? 0);
  return {
    name,
    serialNumber,
    uuid,
    autoOnboard: input.autoOnboard ?? false,
    enableVpro: input.enableVpro ?? false,
    userLvmSize,
  };
}

/** EMF's userLvmSize: a whole number of GiB from 0 to {@link USER_LVM_MAX_GIB}. */
export function checkUserLvmSize(userLvmSize: number, field = 'userLvmSize'): number {
  if (!Number.isInteger(userLvmSize) || userLvmSize < 0 || userLvmSize > USER_LVM_MAX_GIB) {
    throw invalid(field, `${field} must be a whole number of GiB from 0 to ${USER_LVM_MAX_GIB}`);
  }
  return userLvmSize;
}

/** A host name on PATCH/PUT: at most 50 characters. */
export function checkHostName(name: string): string {
  if (name.length > HOST_NAME_MAX) {
    throw invalid('name', `name must be at most ${HOST_NAME_MAX} characters, got ${name.length}`);
  }
  return name;
}

/** EMF's registration-status words for a mismatch seen at onboarding. */
export function mismatchStatus(field: 'uuid' | 'serialNumber', reported: string): string {
  return field === 'uuid'
    ? `Host Registration Failed due to mismatch of UUID, Reported UUID is: ${reported}`
    : `Host Registration Failed due to mismatch of Serial Number, Reported Serial Number is: ${reported}`;
}

/**
 * Whether two registrations are the same machine: the same UUID, or the same serial number where
 * either side has no UUID (a node is one machine across every project).
 */
export function isSameMachine(
  a: Pick<HostRegistration, 'uuid' | 'serialNumber'>,
  b: Pick<HostRegistration, 'uuid' | 'serialNumber'>,
): 'uuid' | 'serialNumber' | undefined {
  if (a.uuid !== '' && a.uuid === b.uuid) return 'uuid';
  if (a.serialNumber !== '' && a.serialNumber === b.serialNumber && (a.uuid === '' || b.uuid === '')) {
    return 'serialNumber';
  }
  return undefined;
}

/** Longest metadata key and value (upstream's limits). */
export const HOST_METADATA_KEY_MAX = 316;
export const HOST_METADATA_VALUE_MAX = 63;
/** Upstream's metadata key: an optional lower-case prefix and `/`, then a label-like name. */
const METADATA_KEY =
  /^$|^[a-z.]+\/$|^[a-z.]+\/[a-z0-9][a-z0-9_.-]*[a-z0-9]$|^[a-z.]+\/[a-z0-9]$|^[a-z]$|^[a-z0-9][a-z0-9_.-]*[a-z0-9]$/;
/** Upstream's metadata value: empty or label-like. */
const METADATA_VALUE = /^$|^[a-z0-9]$|^[a-z0-9][a-z0-9._-]*[a-z0-9]$/;

/** Checks metadata items against upstream's key and value rules; keys are unique. */
export function checkHostMetadata(items: readonly MetadataItem[]): readonly MetadataItem[] {
  const seen = new Set<string>();
  for (const { key, value } of items) {
    if (key.length > HOST_METADATA_KEY_MAX || !METADATA_KEY.test(key)) {
      throw invalid(
        'metadata',
        `metadata key "${key.slice(0, 40)}" must be lower-case letters, digits, '-', '_' or '.', optionally after a prefix and '/' (at most ${HOST_METADATA_KEY_MAX})`,
      );
    }
    if (value.length > HOST_METADATA_VALUE_MAX || !METADATA_VALUE.test(value)) {
      throw invalid(
        'metadata',
        `metadata value "${value.slice(0, 40)}" of key "${key.slice(0, 40)}" must be at most ${HOST_METADATA_VALUE_MAX} lower-case letters, digits, '-', '_' or '.'`,
      );
    }
    if (seen.has(key)) throw invalid('metadata', `metadata key "${key.slice(0, 40)}" appears twice`);
    seen.add(key);
  }
  return items;
}

/**
 * Host metadata as EMF's CSV and `--metadata` write it: `key=value&key2=value2` ('' is none),
 * checked with {@link checkHostMetadata}.
 */
export function parseHostMetadata(text: string): MetadataItem[] {
  if (text.trim() === '') return [];
  const items = text.split('&').map((pair, index) => {
    const at = pair.indexOf('=');
    if (at <= 0) {
      const shown = pair.length > 40 ? `${pair.slice(0, 40)}…` : pair;
      throw invalid('metadata', `metadata pair ${index + 1} "${shown}" is not key=value`);
    }
    return { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
  });
  checkHostMetadata(items);
  return items;
}
