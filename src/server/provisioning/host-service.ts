import { OrchError } from '../../core/errors/index.js';
import { newResourceId } from '../../core/ids/index.js';
import {
  checkHostMetadata,
  checkHostName,
  checkRegistration,
  hostStateMoveAllowed,
  type Host,
  type HostState,
  type MetadataItem,
  type RegisterInput,
  withHostStatusWords,
} from '../../core/host/index.js';
import type { HostChanges, Store } from '../../store/store.js';
import { toListQuery, type ListParams } from '../os-profiles/list-query.js';
import { HOST_FILTER_CATALOG } from './host-filter-catalog.js';
import type { HostNotifier } from './host-event-stream.js';
import type { HostViews, HostWire } from './host-views.js';

export interface HostServiceDeps {
  readonly store: Store;
  readonly views: HostViews;
  readonly hub: HostNotifier;
  readonly clock: () => Date;
}

/** The body fields PATCH/PUT may change (the schema has typed them). */
export interface HostChangeBody {
  readonly name?: string;
  readonly siteId?: string;
  readonly metadata?: readonly MetadataItem[];
  readonly desiredState?: HostState;
}

/** Host operations in API terms (EMF's HostResource in and out). */
export interface HostService {
  register(project: string, body: RegisterInput): Promise<HostWire>;
  get(project: string, resourceId: string): Promise<HostWire>;
  list(
    project: string,
    params: ListParams,
  ): Promise<{ hosts: HostWire[]; totalElements: number; hasNext: boolean }>;
  summary(project: string): Promise<{ total: number; error: number; running: number; unallocated: number }>;
  /** PATCH (only masked / non-zero fields) or PUT (every changeable field). */
  change(
    project: string,
    resourceId: string,
    body: HostChangeBody,
    mode: 'patch' | 'put',
    fieldMask?: string,
  ): Promise<HostWire>;
  /** EMF's `PATCH …/register`: name, autoOnboard (true approves). */
  reregister(project: string, resourceId: string, body: RegisterInput): Promise<HostWire>;
  /** EMF's onboard (approve): desiredState ONBOARDED. */
  approve(project: string, resourceId: string): Promise<void>;
  /** EMF's invalidate: UNTRUSTED, the node credential revoked. */
  invalidate(project: string, resourceId: string, note: string): Promise<void>;
  remove(project: string, resourceId: string): Promise<void>;
  /** The stored host, NotFound when absent. */
  load(project: string, resourceId: string): Promise<Host>;
}

/** Changeable fields on the wire -> their proto (fieldMask) names. */
const MASK_NAMES: Readonly<Record<string, keyof HostChangeBody>> = {
  name: 'name',
  siteId: 'siteId',
  site_id: 'siteId',
  metadata: 'metadata',
  desiredState: 'desiredState',
  desired_state: 'desiredState',
};

export function createHostService(deps: HostServiceDeps): HostService {
  const { store, views, hub, clock } = deps;
  const requireProject = async (project: string) => {
    if (!(await store.projects.get(project))) {
      throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
    }
  };
  const load = async (project: string, resourceId: string): Promise<Host> => {
    await requireProject(project);
    const host = await store.hosts.get(project, resourceId);
    if (host) return host;
    throw new OrchError('NotFound', `host ${resourceId} not found in project "${project}"`, {
      details: { resourceId },
    });
  };
  const checkSite = async (project: string, siteId: string | undefined) => {
    if (!siteId) return;
    if (!(await store.sites.getSite(project, siteId))) {
      throw new OrchError('NotFound', `site ${siteId} not found in project "${project}"`, {
        details: { field: 'siteId', resourceId: siteId },
      });
    }
  };
  const update = async (host: Host, changes: HostChanges, kind: string) => {
    const updated = await store.hosts.update(host.project, host.resourceId, changes, {
      kind,
      data: { hostId: host.resourceId },
    });
    hub.notify(host.project);
    return updated;
  };
  const moveTo = (host: Host, to: HostState) => {
    if (!hostStateMoveAllowed(host.desiredState, to) || to === 'HOST_STATE_DELETED') {
      throw new OrchError(
        'FailedPrecondition',
        `host ${host.resourceId} cannot move from ${host.desiredState} to ${to}`,
        { details: { from: host.desiredState, to } },
      );
    }
  };

  return {
    load,
    async register(project, body) {
      await requireProject(project);
      const registration = checkRegistration(body);
      const host = await store.hosts.register(project, () => newResourceId('host'), registration);
      hub.notify(project);
      return views.host(host);
    },
    get: async (project, resourceId) => views.host(await load(project, resourceId)),
    async list(project, params) {
      await requireProject(project);
      const checked = toListQuery(params, HOST_FILTER_CATALOG);
      const query = checked.filter ? { ...checked, filter: withHostStatusWords(checked.filter) } : checked;
      const page = await store.hosts.list(project, query);
      const hosts = [];
      for (const host of page.items) hosts.push(await views.host(host));
      return { hosts, totalElements: page.total, hasNext: query.offset + page.items.length < page.total };
    },
    async summary(project) {
      await requireProject(project);
      return store.hosts.summary(project);
    },
    async change(project, resourceId, body, mode, fieldMask) {
      const host = await load(project, resourceId);
      const picked = pickChanges(body, mode, fieldMask);
      if (picked.name !== undefined) checkHostName(picked.name);
      if (picked.metadata !== undefined) checkHostMetadata(picked.metadata);
      await checkSite(project, picked.siteId);
      if (picked.desiredState !== undefined) moveTo(host, picked.desiredState);
      const changes: HostChanges = {
        ...picked,
        ...(picked.desiredState === 'HOST_STATE_UNTRUSTED'
          ? { currentState: 'HOST_STATE_UNTRUSTED' as const, credentialHash: null }
          : {}),
      };
      return views.host(await update(host, changes, 'changed'));
    },
    async reregister(project, resourceId, body) {
      const host = await load(project, resourceId);
      const changes: { -readonly [K in keyof HostChanges]: HostChanges[K] } = {};
      if (body.name !== undefined) changes.name = checkHostName(body.name);
      if (body.autoOnboard === true && host.desiredState === 'HOST_STATE_REGISTERED') {
        changes.desiredState = 'HOST_STATE_ONBOARDED';
      }
      return views.host(await update(host, changes, 'registered'));
    },
    async approve(project, resourceId) {
      const host = await load(project, resourceId);
      if (host.desiredState === 'HOST_STATE_ONBOARDED') return;
      moveTo(host, 'HOST_STATE_ONBOARDED');
      const at = Math.floor(clock().getTime() / 1000);
      await update(
        host,
        {
          desiredState: 'HOST_STATE_ONBOARDED',
          onboardingStatus: {
            text: 'Approved, waiting for the node',
            indicator: 'STATUS_INDICATION_IN_PROGRESS',
            timestamp: at,
          },
        },
        'approved',
      );
    },
    async invalidate(project, resourceId, note) {
      const host = await load(project, resourceId);
      moveTo(host, 'HOST_STATE_UNTRUSTED');
      await update(
        host,
        {
          desiredState: 'HOST_STATE_UNTRUSTED',
          currentState: 'HOST_STATE_UNTRUSTED',
          credentialHash: null,
          note,
        },
        'invalidated',
      );
    },
    async remove(project, resourceId) {
      await requireProject(project);
      await store.hosts.delete(project, resourceId);
      hub.notify(project);
    },
  };
}

/**
 * PUT takes every changeable field it names (absent ones keep their value, as a GET-edit-PUT
 * round trip expects); PATCH with a fieldMask takes exactly the masked fields, without one every
 * non-zero field (upstream's rule).
 */
function pickChanges(body: HostChangeBody, mode: 'patch' | 'put', fieldMask?: string): HostChangeBody {
  const picked: { -readonly [K in keyof HostChangeBody]: HostChangeBody[K] } = {};
  const take = <K extends keyof HostChangeBody>(key: K) => {
    picked[key] = body[key];
  };
  if (mode === 'patch' && fieldMask !== undefined && fieldMask.trim() !== '') {
    for (const raw of fieldMask.split(',')) {
      const name = raw.trim();
      const field = Object.hasOwn(MASK_NAMES, name) ? MASK_NAMES[name] : undefined;
      if (!field) {
        throw new OrchError(
          'InvalidArgument',
          `fieldMask names "${name}", which cannot be changed; changeable: name, siteId, metadata, desiredState`,
          {
            details: { field: 'fieldMask' },
          },
        );
      }
      take(field);
      if (picked[field] === undefined) {
        // A masked field absent from the body is cleared, as protobuf field masks do.
        if (field === 'name' || field === 'siteId') picked[field] = '';
        if (field === 'metadata') picked.metadata = [];
      }
    }
    return picked;
  }
  for (const key of ['name', 'siteId', 'metadata', 'desiredState'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (mode === 'patch' && (value === '' || (Array.isArray(value) && value.length === 0))) continue;
    take(key);
  }
  return picked;
}
