import type { ApiClient } from '../api-client/api-client.js';
import type { ValidationResource } from './validation-api.js';

/** The report orchd's dry run answers with (`{state, checks, facts, durationMs}`). */
export type DryRunReport = NonNullable<ValidationResource['report']> & {
  readonly facts?: unknown;
  readonly durationMs?: number;
};

/**
 * `POST …/compute/os/validate-image`: validates the image a create body describes, without
 * creating a profile, and returns the finished report.
 */
export const validateImageDryRun = (client: ApiClient, project: string, body: Record<string, unknown>) =>
  client.request<DryRunReport>(
    'POST',
    `/v1/projects/${encodeURIComponent(project)}/compute/os/validate-image`,
    {
      body,
    },
  );
