/**
 * Project names: lower-case letters, digits and `-`, 1..63, starting and ending alphanumeric
 * (a DNS label, so a name is safe in URLs, metric labels, OIDC role names and event channels).
 */
export const PROJECT_NAME_PATTERN = '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$';

const PROJECT_NAME = new RegExp(PROJECT_NAME_PATTERN);

/** True when `text` is a well-formed project name. */
export const isProjectName = (text: string): boolean => PROJECT_NAME.test(text);

/** The project orchd creates on its first start. */
export const DEFAULT_PROJECT = 'default';

/** A tenant; every other resource belongs to one. */
export interface Project {
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
}

/** What a token or an OIDC user may do in a project; `write` implies `read`. */
export const PROJECT_ROLES = ['read', 'write'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** One role on one project. */
export interface RoleGrant {
  readonly project: string;
  readonly role: ProjectRole;
}
