/**
 * @module
 * The wire shapes the console reads and sends, taken from orchd's own schemas and types (type
 * imports only: nothing of the server reaches the bundle), so a change of the API is a type error
 * here rather than a blank field in the browser.
 */
import type { Static } from 'typebox';
import type {
  CertificateInfo,
  OsProfileList,
  OsProfileResource,
} from '../../server/os-profiles/os-profile-schemas.js';
import type { ValidationResource } from '../../server/validation/validation-schemas.js';
import type { CheckResult } from '../../image/checks/check-types.js';
import type { ImageFacts } from '../../image/inspect/image-facts.js';
import type { ProgressEvent } from '../../image/progress/progress-event.js';
import type { ValidationStage } from '../../image/validate/validation-types.js';

export type { CheckResult, ImageFacts };
export type OsProfile = Static<typeof OsProfileResource>;
export type OsProfilePage = Static<typeof OsProfileList>;
export type CertificateSummary = Static<typeof CertificateInfo>;

/** Progress of a validation run: the pipeline's counters and the stage being run. */
export type ValidationProgress = Omit<ProgressEvent, 'stage'> & { readonly stage: ValidationStage };

/** The report of a finished run. */
export interface ValidationReport {
  readonly state: 'passed' | 'warned' | 'failed';
  readonly checks: readonly CheckResult[];
  readonly durationMs: number;
}

/** A profile's validation (GET …/validation and the stream's `validation` events). */
export type Validation = Omit<Static<typeof ValidationResource>, 'progress' | 'report' | 'facts'> & {
  readonly progress: ValidationProgress | null;
  readonly report: ValidationReport | null;
  readonly facts: ImageFacts | null;
};

/** `GET /v1/whoami`. */
export interface WhoAmI {
  readonly kind: 'token' | 'oidc';
  readonly subject: string;
  readonly tokenId?: string;
  readonly admin: boolean;
  readonly roles: readonly { readonly project: string; readonly role: 'read' | 'write' }[];
  readonly expiresAt: string | null;
}

/** `GET /v1/projects`. */
export interface ProjectList {
  readonly projects: readonly {
    readonly name: string;
    readonly description: string;
    readonly createdAt: string;
  }[];
  readonly totalElements: number;
}

/** orchd's error body. */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly retryable?: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** One page request of a list. */
export interface ListQuery {
  readonly pageSize: number;
  readonly offset: number;
  readonly filter?: string;
  readonly orderBy?: string;
}
