import type { ValidationReport } from '../../api/validation-schemas.js';
import type { ApiClient } from '../api-client/api-client.js';

/** The report orchd's dry run answers with (`{state, checks, facts, durationMs}`, src/api's ValidationReport). */
export type DryRunReport = ValidationReport;

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
