import type { ApiError } from './api-error.js';
import { toApiError, UnreachableError } from './api-error.js';
import { API_OPERATIONS, operationPath, type ApiOperation } from './api-operations.js';
import type {
  ConsoleConfig,
  DriverCheck,
  Host,
  HostImportCheckResult,
  HostImportRow,
  HostPage,
  Instance,
  InstanceBody,
  InstancePage,
  ListQuery,
  OsProfile,
  OsProfilePage,
  ProjectList,
  RegisterHostBody,
  SitePage,
  Validation,
  WhoAmI,
} from './api-types.js';

/** What the client needs: where orchd is, the current token, and who to tell when it is refused. */
export interface ApiClientOptions {
  /** orchd's origin; '' (the default) is the page's own origin, where orchd serves the console. */
  readonly baseUrl?: string;
  /** The bearer token of the session, read on every call (sessions change without a new client). */
  readonly token: () => string | undefined;
  /** Called on every 401: the token is wrong, revoked or expired. */
  readonly onUnauthenticated?: (error: ApiError) => void;
  readonly fetch?: typeof fetch;
}

interface CallOptions {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** A request the event-stream reader makes itself (it needs the raw response body). */
export interface StreamRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * orchd's API as the console uses it: typed calls built from {@link API_OPERATIONS}, the token
 * in the Authorization header (never in a URL), orchd's error body turned into {@link ApiError}
 * and an unreachable orchd into {@link UnreachableError}.
 */
export function createApiClient(options: ApiClientOptions) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const url = (op: ApiOperation, call: CallOptions): string => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== '') search.set(key, String(value));
    }
    const query = search.toString();
    return `${base}${operationPath(op, call.params)}${query ? `?${query}` : ''}`;
  };

  const headers = (json: boolean): Record<string, string> => {
    const token = options.token();
    return {
      accept: 'application/json',
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  };

  async function call<T>(op: ApiOperation, call: CallOptions = {}): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(url(op, call), {
        method: op.method,
        headers: headers(call.body !== undefined),
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
      });
    } catch (error) {
      if (call.signal?.aborted) throw error;
      throw new UnreachableError(error);
    }
    const text = await response.text();
    if (response.status !== op.status) {
      const error = toApiError(response.status, text);
      if (response.status === 401) options.onUnauthenticated?.(error);
      throw error;
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const ops = API_OPERATIONS;
  const profile = (project: string, resourceId: string) => ({ params: { project, resourceId } });
  return {
    whoami: (signal?: AbortSignal) => call<WhoAmI>(ops.whoami, signal ? { signal } : {}),
    consoleConfig: () => call<ConsoleConfig>(ops.consoleConfig),
    listProjects: () => call<ProjectList>(ops.listProjects),
    listProfiles: (project: string, query: ListQuery) =>
      call<OsProfilePage>(ops.listProfiles, { params: { project }, query: { ...query } }),
    getProfile: (project: string, resourceId: string) =>
      call<OsProfile>(ops.getProfile, profile(project, resourceId)),
    createProfile: (project: string, body: Record<string, unknown>) =>
      call<OsProfile>(ops.createProfile, { params: { project }, body }),
    patchProfile: (project: string, resourceId: string, body: Record<string, unknown>) =>
      call<OsProfile>(ops.patchProfile, { ...profile(project, resourceId), body }),
    deleteProfile: (project: string, resourceId: string) =>
      call<void>(ops.deleteProfile, profile(project, resourceId)),
    startValidation: (project: string, resourceId: string) =>
      call<Validation>(ops.startValidation, profile(project, resourceId)),
    getValidation: (project: string, resourceId: string) =>
      call<Validation>(ops.getValidation, profile(project, resourceId)),
    /** The validation event stream's URL and headers, for {@link followEventStream}. */
    validationEvents: (project: string, resourceId: string): StreamRequest => ({
      url: url(ops.validationEvents, profile(project, resourceId)),
      headers: { ...headers(false), accept: 'text/event-stream' },
    }),
    listHosts: (project: string, query: ListQuery) =>
      call<HostPage>(ops.listHosts, { params: { project }, query: { ...query } }),
    /** orchd's dry run of CSV rows: each row judged with the server's own rules. */
    importCheck: (project: string, rows: HostImportRow[]) =>
      call<HostImportCheckResult>(ops.importCheck, { params: { project }, body: { rows } }),
    getHost: (project: string, resourceId: string) => call<Host>(ops.getHost, profile(project, resourceId)),
    registerHost: (project: string, body: RegisterHostBody) =>
      call<Host>(ops.registerHost, { params: { project }, body }),
    patchHost: (project: string, resourceId: string, body: Record<string, unknown>, fieldMask?: string) =>
      call<Host>(ops.patchHost, {
        ...profile(project, resourceId),
        body,
        ...(fieldMask ? { query: { fieldMask } } : {}),
      }),
    deleteHost: (project: string, resourceId: string) =>
      call<void>(ops.deleteHost, profile(project, resourceId)),
    approveHost: (project: string, resourceId: string) =>
      call<void>(ops.approveHost, profile(project, resourceId)),
    reprovisionHost: (project: string, resourceId: string) =>
      call<Host>(ops.reprovisionHost, profile(project, resourceId)),
    /** Does the profile's image have drivers for the host's PCI devices? (the instance's profile by default) */
    driverCheck: (project: string, resourceId: string, osProfileId?: string) =>
      call<DriverCheck>(ops.driverCheck, { ...profile(project, resourceId), query: { osProfileId } }),
    createInstance: (project: string, body: InstanceBody) =>
      call<Instance>(ops.createInstance, { params: { project }, body }),
    listInstances: (project: string, query: ListQuery) =>
      call<InstancePage>(ops.listInstances, { params: { project }, query: { ...query } }),
    deleteInstance: (project: string, resourceId: string) =>
      call<void>(ops.deleteInstance, profile(project, resourceId)),
    /** Every site of the project (`-` is every region). */
    listSites: (project: string) =>
      call<SitePage>(ops.listSites, { params: { project, regionId: '-' }, query: { pageSize: 100 } }),
    /** The project's host event stream (one host with `host`), for {@link followEventStream}. */
    hostEvents: (project: string, host?: string): StreamRequest => ({
      url: url(ops.hostEvents, { params: { project }, query: { host } }),
      headers: { ...headers(false), accept: 'text/event-stream' },
    }),
    /** The fetch the client uses, for the event-stream reader (tests give their own). */
    fetch: doFetch,
    /** Reports a 401 seen outside {@link call} (the event stream) like any other. */
    unauthenticated: (error: ApiError) => options.onUnauthenticated?.(error),
  };
}

/** The console's API client. */
export type ApiClient = ReturnType<typeof createApiClient>;
