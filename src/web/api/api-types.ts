/**
 * @module
 * The wire shapes the console reads and sends: the static types of the API contract (src/api),
 * imported as types only, so a change of the API is a type error here rather than a blank field
 * in the browser, and nothing of TypeBox reaches the bundle.
 */
import type {
  CertificateInfo,
  CheckResult,
  ErrorBody,
  ImageFacts,
  OsProfileList,
  OsProfileResource,
  ProgressEvent,
  ProjectList,
  ValidationView,
  WhoAmI,
} from '../../api/index.js';

export type { CheckResult, ImageFacts, ProjectList, WhoAmI };
export type OsProfile = OsProfileResource;
export type OsProfilePage = OsProfileList;
export type CertificateSummary = CertificateInfo;
/** Progress of a validation run: the stage being run and the byte counters. */
export type ValidationProgress = ProgressEvent;
/** A profile's validation (GET …/validation and the stream's `validation` events). */
export type Validation = ValidationView;
/** The report of a finished run. */
export type ValidationReport = NonNullable<ValidationView['report']>;
/** orchd's error body. */
export type ApiErrorBody = ErrorBody;

/** One page request of a list. */
export interface ListQuery {
  readonly pageSize: number;
  readonly offset: number;
  readonly filter?: string;
  readonly orderBy?: string;
}
