/**
 * @module
 * The contract of image validation: what a caller passes to {@link validateImage} and the report
 * it gets back.
 */
import type { OsType, SecurityFeature } from '../../core/os-profile/index.js';
import type { ValidationVerdict } from '../../core/validation/index.js';
import type { CheckResult, ValidationPolicy } from '../checks/check-types.js';
import type { DeclaredFormat } from '../codec/declared-format.js';
import type { ImageFacts } from '../inspect/image-facts.js';
import type { HostedTap } from '../pipeline/hosted-tap.js';
import type { PipelineLimits } from '../pipeline/pipeline-limits.js';
import type { ScratchBudget } from './scratch-budget.js';
import type { OpenImageSource } from '../source/image-source.js';
import type { ProgressEvent, ProgressStage } from '../progress/progress-event.js';

/** The image and the profile fields it is judged against. */
export interface ValidateImageInput {
  /** https:// URL of the hosted image (http:// only with `allowHttp`). */
  readonly url: string;
  /** sha256 of the hosted file, hex, any case. */
  readonly sha256: string;
  /** The profile's certificate(s), PEM: when given, the only trust anchor for the image server. */
  readonly caPem?: string;
  readonly osType: OsType;
  /** The profile's OS version (imageId), e.g. `22.04.5` or `3.0`. */
  readonly osVersion: string;
  readonly profileName: string;
  readonly securityFeature: SecurityFeature;
  /** Secure Boot certificate(s), PEM or base64: the db a first stage must chain to. */
  readonly secureBootCerts?: string;
  /** The dbx: revoked certificates (PEM) and SHA-256 Authenticode hashes (hex), one per line. */
  readonly secureBootDbx?: string;
  /** MOK certificates (PEM or base64) shim trusts for second stages. */
  readonly secureBootMokCerts?: string;
  /** An SBAT revocation level (`sbat,1,<date>` then `component,generation` lines); default: shim's own. */
  readonly sbatLevel?: string;
  /** What the profile says the format is; a contradiction fails `format.detected`. */
  readonly declared?: DeclaredFormat;
}

/** A stage of a validation run: the pipeline's stages, then inspection and the checks. */
export type ValidationStage = ProgressStage | 'inspecting' | 'checking';

/** Progress of a run: the pipeline's counters, with the stage widened to inspection and checks. */
export interface ValidationProgressEvent extends Omit<ProgressEvent, 'stage'> {
  readonly stage: ValidationStage;
}

/** How to run. */
export interface ValidateImageOptions {
  /** Folder for the sparse scratch copy of the raw image (removed afterwards, also on failure). */
  readonly scratchDir: string;
  readonly onProgress?: (event: ValidationProgressEvent) => void;
  /** Cancels the run: {@link validateImage} then rejects with ABORTED. */
  readonly signal?: AbortSignal;
  /** Accept http:// image URLs (tests, local mirrors). Default false. */
  readonly allowHttp?: boolean;
  /** Orchestrator-wide rules; missing fields take DEFAULT_VALIDATION_POLICY's values. */
  readonly policy?: Partial<ValidationPolicy>;
  /**
   * Where the image's bytes come from, asked with the input's url and caPem, `allowHttp` and
   * `signal`. Default `openOriginSource`: the origin over HTTPS. An image cache (or a local file,
   * `openFileImageSource`) stands in for the origin here; the report still names the input's URL.
   */
  readonly openSource?: OpenImageSource;
  /** Also hands the hosted bytes, as hosted, to this tap (a cache storing the file it validates). */
  readonly hostedTap?: HostedTap;
  /**
   * Size and time limits of the download and decode (IMAGE_TOO_LARGE, SOURCE_TOO_SLOW), enforced
   * as bytes arrive; a decoded image over its cap fails disk.fits, the others source.reachable.
   */
  readonly limits?: PipelineLimits;
  /** The process's scratch budget and free-space floor (SCRATCH_SPACE_LOW); absent: unbounded. */
  readonly scratchBudget?: ScratchBudget;
  /** A short tag of the orchd replica, in scratch file names, so it can sweep its own leftovers. */
  readonly scratchOwner?: string;
}

/** `failed` when a check failed, `warned` when one warned, else `passed` (core's verdicts). */
export type ValidationState = ValidationVerdict;

/** The outcome of {@link validateImage}. */
export interface ValidationReport {
  readonly state: ValidationState;
  /** Every check of the profile, in a stable order; `skip` ones say why they could not run. */
  readonly checks: readonly CheckResult[];
  /** What inspection found; absent when the image never came through the pipeline. */
  readonly facts?: ImageFacts;
  readonly durationMs: number;
}
