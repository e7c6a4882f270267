import { OrchError } from '../errors/index.js';
import type { HostRegistration } from './host-types.js';

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
  const userLvmSize = input.userLvmSize ?? 0;
  if (!Number.isInteger(userLvmSize) || userLvmSize < 0 || userLvmSize > USER_LVM_MAX_GIB) {
    throw invalid('userLvmSize', `userLvmSize must be a whole number of GiB from 0 to ${USER_LVM_MAX_GIB}`);
  }
  return {
    name,
    serialNumber,
    uuid,
    autoOnboard: input.autoOnboard ?? false,
    enableVpro: input.enableVpro ?? false,
    userLvmSize,
  };
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
