import type { ValidationState } from '../validation/validation-states.js';

/**
 * The OS profile as edge-orch keeps it. Field names are EMF's (OperatingSystemResource) so that
 * clients moving from EMF keep their JSON; enum values are stored in their canonical EMF spelling.
 */
export const OS_TYPES = ['OS_TYPE_MUTABLE', 'OS_TYPE_IMMUTABLE'] as const;
export type OsType = (typeof OS_TYPES)[number];

export const OS_PROVIDERS = ['OS_PROVIDER_KIND_INFRA', 'OS_PROVIDER_KIND_LENOVO'] as const;
export type OsProvider = (typeof OS_PROVIDERS)[number];

export const SECURITY_FEATURES = [
  'SECURITY_FEATURE_NONE',
  'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
] as const;
export type SecurityFeature = (typeof SECURITY_FEATURES)[number];

/** Derived from profileName/name: decides which OS rules (type, layout) apply. */
export const OS_FAMILIES = ['ubuntu', 'emt', 'other'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

/** `default`: one of the seven seeded profiles; `custom`: created by an operator. */
export const PROFILE_SOURCES = ['default', 'custom'] as const;
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

/**
 * Where a profile's pre-flight image validation stands: `pending` until a run starts (or when
 * one is queued), `running`, then the report's verdict. Provisioning refuses `failed` profiles.
 */
export { VALIDATION_STATES as PROFILE_VALIDATION_STATES } from '../validation/validation-states.js';
export type ProfileValidationState = ValidationState;

/** The normalised, rule-checked fields of a profile: what the store persists besides id and timestamps. */
export interface OsProfileFields {
  readonly name: string;
  readonly profileName: string;
  /** Absolute https:// URL (relative EMT paths are already resolved against the Release Service). */
  readonly imageUrl: string;
  /** The OS image version (EMF `osImageVersion`), e.g. `22.04.5`. */
  readonly imageId: string;
  /** 64 lower-case hex: sha256 of the file exactly as hosted. */
  readonly sha256: string;
  readonly osType: OsType;
  readonly osProvider: OsProvider;
  readonly securityFeature: SecurityFeature;
  readonly osFamily: OsFamily;
  readonly architecture: string;
  readonly description: string;
  /** PEM text of one or more certificates of the image server; '' when none (system roots). */
  readonly tlsCaCert: string;
  /**
   * PEM text of the Secure Boot certificate(s) the image's EFI binaries must chain to; '' or
   * absent when none. Optional so that profiles built before the field existed stay valid.
   */
  readonly secureBootCerts?: string;
  /**
   * The Secure Boot deny list (dbx): PEM certificates, then SHA-256 Authenticode hashes one per
   * line (lower-case hex); '' or absent when none.
   */
  readonly secureBootDbx?: string;
  /** PEM text of MOK certificates shim trusts for second-stage binaries; '' or absent when none. */
  readonly secureBootMokCerts?: string;
  /** An SBAT revocation level (`sbat,1,<date>` then `component,generation` lines); '' when none. */
  readonly sbatLevel?: string;
  /** Flat string map (EMF metadata). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly source: ProfileSource;
  /** Filled for default profiles only (EMF); free text / JSON text, '' when absent. */
  readonly installedPackages: string;
  readonly existingCves: string;
  readonly fixedCves: string;
  readonly platformBundle: string;
  /**
   * EMF's reference URLs, settable at create and immutable after; '' when none. Optional so that
   * profiles built before the fields existed stay valid. orchd stores them and never fetches them.
   */
  readonly installedPackagesUrl?: string;
  readonly existingCvesUrl?: string;
  readonly fixedCvesUrl?: string;
  /** EMF's deprecated copy of the image URL ("URL of the original installation source"), as given. */
  readonly repoUrl?: string;
  /** EMF's profile version (of the family in `profileName`), as given at create; '' when none. */
  readonly profileVersion?: string;
}

/** A stored profile. Timestamps are ISO-8601 UTC strings (`2026-11-25T19:00:00.000Z`). */
export interface OsProfile extends OsProfileFields {
  /** `os-` + 8 lower-case hex, server generated. */
  readonly resourceId: string;
  /** Where pre-flight image validation stands; absent on profiles not read from a store. */
  readonly validationState?: ProfileValidationState;
  readonly timestamps: { readonly createdAt: string; readonly updatedAt: string };
}

/**
 * Fields PATCH/PUT may change after create; every other field is immutable. EMF's own list is
 * name, architecture and metadata; edge-orch adds description, tlsCaCert (certificate rotation)
 * and the Secure Boot policy (a node's db, dbx, MOK list and SBAT level change over its life).
 */
export const MUTABLE_PROFILE_FIELDS = [
  'name',
  'description',
  'metadata',
  'architecture',
  'tlsCaCert',
  'secureBootCerts',
  'secureBootDbx',
  'secureBootMokCerts',
  'sbatLevel',
] as const;
export type MutableProfileField = (typeof MUTABLE_PROFILE_FIELDS)[number];
export type OsProfileChanges = Partial<Pick<OsProfileFields, MutableProfileField>>;
