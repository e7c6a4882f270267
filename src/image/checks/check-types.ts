/**
 * @module
 * The shapes of pre-flight validation checks: a check is a pure function of the image facts, the
 * profile and the policy, with a stable id, that gives one status and a one-line message.
 */
import type { OsType, SecurityFeature } from '../../core/os-profile/index.js';
import type { ImageFacts } from '../inspect/image-facts.js';

import type { CheckStatus } from '../../core/validation/index.js';
export type { CheckStatus } from '../../core/validation/index.js';

/** One line of the validation report. */
export interface CheckResult {
  /** Stable id, e.g. `emt.rootfs-size`; clients may match on it. */
  readonly id: string;
  readonly status: CheckStatus;
  /** One line naming what was found and what was expected. */
  readonly message: string;
  /** Structured facts behind the message (sizes, paths, digests). */
  readonly evidence?: Readonly<Record<string, unknown>>;
}

/** A check's verdict before the id is attached. */
export type CheckVerdict = Omit<CheckResult, 'id'>;

/** The profile fields validation judges the image against. */
export interface ValidationProfile {
  readonly osType: OsType;
  /** The profile's OS version (imageId), e.g. `22.04.5` or `3.0`. */
  readonly osVersion: string;
  readonly profileName: string;
  readonly securityFeature: SecurityFeature;
  /** Whether Secure Boot certificates came with the profile. */
  readonly hasSecureBootCerts: boolean;
  /** The profile's SBAT revocation level, when it gives one (else a verified shim's `.sbatlevel`). */
  readonly sbatLevel?: string;
}

/** Orchestrator-wide rules; {@link DEFAULT_VALIDATION_POLICY} holds the defaults. */
export interface ValidationPolicy {
  /** Lowest EMT VERSION_ID the orchestrator supports (dotted numbers). */
  readonly minEmtVersion: string;
  /** Paths of the edge node agent in an EMT root filesystem; one of them must exist. */
  readonly agentPaths: readonly string[];
  /** Size of the smallest disk a node may have; a larger virtual image cannot be written. */
  readonly smallestDiskBytes: number;
  /** Largest EMT rootfs (p2): the EMT layout makes rootfs A exactly this size. */
  readonly emtRootfsMaxBytes: number;
}

/** Where the image came from, for the source checks' messages. */
export interface SourceFacts {
  /** The image URL with credentials and query values removed. */
  readonly url: string;
  /** Whether the profile's certificate was the trust anchor (else the system's CAs). */
  readonly trust: 'profile' | 'system';
}

/** Everything a check may look at. */
export interface CheckContext {
  readonly facts: ImageFacts;
  readonly profile: ValidationProfile;
  readonly policy: ValidationPolicy;
  readonly source: SourceFacts;
}

/** What a check needs to be meaningful; when missing the runner reports `skip`. */
export type CheckNeed = 'gpt' | 'root';

/** One check. */
export interface ImageCheck {
  readonly id: string;
  /** Prerequisites: `gpt` a GPT header was found, `root` a root filesystem that was read. */
  readonly needs: readonly CheckNeed[];
  run(context: CheckContext): CheckVerdict;
}
