import type { CheckResult, ProgressEvent, ValidationView } from '../../api/validation-schemas.js';
import { isFinishedValidationState } from '../../core/validation/validation-states.js';
import type { ApiClient } from '../api-client/api-client.js';

/** One check of a validation report (src/api's CheckResult). */
export type ValidationCheck = CheckResult;
/** The runner's last progress report (src/api's ProgressEvent). */
export type ValidationProgress = ProgressEvent;
/** A profile's validation as `GET …/validation` returns it (src/api's ValidationView; -o json prints it unchanged). */
export type ValidationResource = ValidationView;

/** Whether a validation has its verdict (passed, warned or failed) and will not change any more. */
export const isFinishedValidation = (view: Pick<ValidationView, 'state'>): boolean =>
  isFinishedValidationState(view.state);

const path = (project: string, resourceId: string) =>
  `/v1/projects/${encodeURIComponent(project)}/compute/os/${encodeURIComponent(resourceId)}`;

/** `POST …/validate`: starts a validation, or returns the one pending or running. */
export const startValidation = (client: ApiClient, project: string, resourceId: string) =>
  client.request<ValidationResource>('POST', `${path(project, resourceId)}/validate`);

/** `GET …/validation`: the profile's latest validation. */
export const getValidation = (client: ApiClient, project: string, resourceId: string) =>
  client.request<ValidationResource>('GET', `${path(project, resourceId)}/validation`);

/** The path of the profile's validation event stream (`validation` and `progress` events). */
export const validationEventsPath = (project: string, resourceId: string) =>
  `${path(project, resourceId)}/validation/events`;
