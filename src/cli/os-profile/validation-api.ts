import type { ApiClient } from '../api-client/api-client.js';

/** One check of a validation report, as orchd returns it. */
export interface ValidationCheck {
  readonly id: string;
  readonly status: 'pass' | 'warn' | 'fail' | 'skip';
  readonly message: string;
  readonly evidence?: Readonly<Record<string, unknown>>;
}

/** The runner's last progress report. */
export interface ValidationProgress {
  readonly stage: string;
  readonly bytesDownloaded: number;
  readonly bytesWritten: number;
  readonly total?: number;
  readonly rate: number;
  readonly etaSeconds?: number;
}

/** A profile's validation as orchd's `GET …/validation` returns it (printed unchanged by -o json). */
export interface ValidationResource {
  readonly jobId: string | null;
  readonly state: string;
  readonly progress: ValidationProgress | null;
  readonly report: { readonly state: string; readonly checks: readonly ValidationCheck[] } | null;
  readonly facts: unknown;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly attempts: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** States after which a validation does not change any more. */
export const FINISHED_VALIDATION_STATES: readonly string[] = ['passed', 'warned', 'failed', 'cancelled'];

const path = (project: string, resourceId: string) =>
  `/v1/projects/${encodeURIComponent(project)}/compute/os/${encodeURIComponent(resourceId)}`;

/** `POST …/validate`: starts a validation, or returns the one pending or running. */
export const startValidation = (client: ApiClient, project: string, resourceId: string) =>
  client.request<ValidationResource>('POST', `${path(project, resourceId)}/validate`);

/** `GET …/validation`: the profile's latest validation. */
export const getValidation = (client: ApiClient, project: string, resourceId: string) =>
  client.request<ValidationResource>('GET', `${path(project, resourceId)}/validation`);
