export { DEFAULT_PROJECT, isProjectName, PROJECT_NAME_PATTERN, PROJECT_ROLES } from './project-types.js';
export type { Project, ProjectRole, RoleGrant } from './project-types.js';
