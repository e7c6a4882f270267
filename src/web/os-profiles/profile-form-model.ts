/**
 * @module
 * The create and edit forms' values and the rules they run before sending: core's rules, the
 * same functions orchd and orch-cli run, so every message is word for word orchd's.
 */
import {
  applyProfileCreateRules,
  DEFAULT_RELEASE_SERVICE_URL,
  FIELD_NORMALIZERS,
  type FieldIssue,
  type ProfileInputField,
} from '../../core/os-profile/index.js';

/** The create form's fields, as typed (all text). */
export interface ProfileFormValues {
  name: string;
  profileName: string;
  imageUrl: string;
  imageId: string;
  sha256: string;
  osType: string;
  osProvider: string;
  securityFeature: string;
  architecture: string;
  description: string;
  tlsCaCert: string;
  secureBootCerts: string;
  metadata: string;
}

export const EMPTY_PROFILE_FORM: ProfileFormValues = {
  name: '',
  profileName: '',
  imageUrl: '',
  imageId: '',
  sha256: '',
  osType: 'MUTABLE',
  osProvider: 'INFRA',
  securityFeature: 'NONE',
  architecture: 'x86_64',
  description: '',
  tlsCaCert: '',
  secureBootCerts: '',
  metadata: '',
};

/** Per-field messages, plus the ones about the body as a whole. */
export interface FormIssues {
  readonly fields: Readonly<Partial<Record<keyof ProfileFormValues, string>>>;
  readonly general: readonly string[];
}

/** Field values become the API body: blank optional fields are left out (orchd's defaults). */
export function formToBody(values: ProfileFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = value.trim();
    if (text !== '') body[key] = key === 'tlsCaCert' || key === 'secureBootCerts' ? value : text;
  }
  return body;
}

/** Sorts core's (or orchd's) issues onto the fields they name. */
export function issuesByField(issues: readonly FieldIssue[]): FormIssues {
  const fields: Partial<Record<keyof ProfileFormValues, string>> = {};
  const general: string[] = [];
  for (const issue of issues) {
    if (issue.field in EMPTY_PROFILE_FORM) {
      const key = issue.field as keyof ProfileFormValues;
      fields[key] = fields[key] ? `${fields[key]} ${issue.message}` : issue.message;
    } else {
      general.push(issue.message);
    }
  }
  return { fields, general };
}

/**
 * Relative image paths are checked against the default Release Service, as orch-cli does;
 * orchd resolves them against its own. Certificates are judged at the browser's clock.
 */
const context = (now: Date) => ({ releaseServiceUrl: DEFAULT_RELEASE_SERVICE_URL, now });

/** Runs core's create rules on the body; undefined when it passes. */
export async function checkCreate(body: Record<string, unknown>, now: Date): Promise<FormIssues | undefined> {
  const result = await applyProfileCreateRules(body, context(now));
  return result.ok ? undefined : issuesByField(result.issues);
}

/** The fields an edit may change (PATCH); every other field is fixed at create. */
export const EDITABLE_FIELDS = ['description', 'metadata', 'architecture', 'tlsCaCert'] as const;

/** Runs each changed field's core rule, as orch-cli's `os-profile update` does. */
export function checkChanges(body: Record<string, unknown>, now: Date): FormIssues | undefined {
  const issues: FieldIssue[] = [];
  for (const [field, value] of Object.entries(body)) {
    const normalize = FIELD_NORMALIZERS[field as ProfileInputField];
    if (!normalize) continue;
    const result = normalize(value, context(now));
    if (!result.ok) issues.push(...result.issues);
  }
  return issues.length > 0 ? issuesByField(issues) : undefined;
}

/** orchd's 400 answer carries the same issues under `details.issues`. */
export function serverIssues(details: object | undefined): FormIssues | undefined {
  const issues = (details as Record<string, unknown> | undefined)?.['issues'];
  return Array.isArray(issues) && issues.length > 0 ? issuesByField(issues as FieldIssue[]) : undefined;
}
