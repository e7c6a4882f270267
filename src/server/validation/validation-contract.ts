import type { ProgressEvent, ValidationReport } from '../../api/index.js';
import type { ValidationProgressEvent, ValidationReport as EngineReport } from '../../image/index.js';

/** `T` with every nested array and object read-only, as the engine hands its results out. */
type Frozen<T> = T extends (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/**
 * The engine's report as the API sends it. The assignment is the contract check: a compile error
 * here means the image engine changed what the API would send; change src/api's schema on purpose
 * (and docs/api.md), never silently. Fields the schema does not name are not sent.
 */
export function reportToWire(report: EngineReport): ValidationReport {
  const checked: Frozen<ValidationReport> = report;
  return checked as ValidationReport;
}

/** The engine's progress event as the API sends it (see {@link reportToWire}). */
export function progressToWire(event: ValidationProgressEvent): ProgressEvent {
  const checked: Frozen<ProgressEvent> = event;
  return checked as ProgressEvent;
}
