/**
 * @module
 * Every orchd operation the console calls: method, path template and the success status. The
 * client builds its requests from this table only, and a test checks each entry against orchd's
 * OpenAPI document, so the console cannot call a route that does not exist.
 */

/** One operation of orchd's API as the console calls it. */
export interface ApiOperation {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** OpenAPI path template, e.g. `/v1/projects/{project}/compute/os/{resourceId}`. */
  readonly path: string;
  /** The status of a successful answer. */
  readonly status: number;
}

const OS = '/v1/projects/{project}/compute/os';
const HOSTS = '/v1/projects/{project}/compute/hosts';
const INSTANCES = '/v1/projects/{project}/compute/instances';

export const API_OPERATIONS = {
  whoami: { method: 'GET', path: '/v1/whoami', status: 200 },
  consoleConfig: { method: 'GET', path: '/v1/console/config', status: 200 },
  listProjects: { method: 'GET', path: '/v1/projects', status: 200 },
  listProfiles: { method: 'GET', path: OS, status: 200 },
  createProfile: { method: 'POST', path: OS, status: 200 },
  getProfile: { method: 'GET', path: `${OS}/{resourceId}`, status: 200 },
  patchProfile: { method: 'PATCH', path: `${OS}/{resourceId}`, status: 200 },
  deleteProfile: { method: 'DELETE', path: `${OS}/{resourceId}`, status: 200 },
  startValidation: { method: 'POST', path: `${OS}/{resourceId}/validate`, status: 202 },
  getValidation: { method: 'GET', path: `${OS}/{resourceId}/validation`, status: 200 },
  validationEvents: { method: 'GET', path: `${OS}/{resourceId}/validation/events`, status: 200 },
  listHosts: { method: 'GET', path: HOSTS, status: 200 },
  registerHost: { method: 'POST', path: `${HOSTS}/register`, status: 200 },
  importCheck: { method: 'POST', path: `${HOSTS}/import-check`, status: 200 },
  getHost: { method: 'GET', path: `${HOSTS}/{resourceId}`, status: 200 },
  patchHost: { method: 'PATCH', path: `${HOSTS}/{resourceId}`, status: 200 },
  deleteHost: { method: 'DELETE', path: `${HOSTS}/{resourceId}`, status: 200 },
  approveHost: { method: 'PATCH', path: `${HOSTS}/{resourceId}/onboard`, status: 200 },
  reprovisionHost: { method: 'POST', path: `${HOSTS}/{resourceId}/reprovision`, status: 200 },
  driverCheck: { method: 'GET', path: `${HOSTS}/{resourceId}/driver-check`, status: 200 },
  createInstance: { method: 'POST', path: INSTANCES, status: 200 },
  listInstances: { method: 'GET', path: INSTANCES, status: 200 },
  deleteInstance: { method: 'DELETE', path: `${INSTANCES}/{resourceId}`, status: 200 },
  listSites: { method: 'GET', path: '/v1/projects/{project}/regions/{regionId}/sites', status: 200 },
  hostEvents: { method: 'GET', path: '/v1/projects/{project}/events', status: 200 },
} as const satisfies Record<string, ApiOperation>;

export type OperationName = keyof typeof API_OPERATIONS;

/** The path of an operation with its `{params}` filled in (each URL-encoded). */
export function operationPath(op: ApiOperation, params: Readonly<Record<string, string>> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`operation ${op.path} needs the parameter ${name}`);
    return encodeURIComponent(value);
  });
}
