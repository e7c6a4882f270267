/** Project and role schemas live in the API contract (src/api); re-exported for the routes. */
export { ProjectName, ProjectParams, RoleGrant } from '../../api/index.js';
