import { OrchError } from '../../core/errors/index.js';
import { newResourceId } from '../../core/ids/index.js';
import {
  issuesToError,
  applyProfileChangeRules,
  applyProfileCreateRules,
  readProfileFieldMask,
} from '../../core/os-profile/index.js';
import type { OsProfile, OsProfileChanges } from '../../core/os-profile/index.js';
import { validationInputOf } from '../validation/validation-input.js';
import type { Store } from '../../store/store.js';
import { SUBJECT_DELETED_EVENT, type EventHub } from '../events/event-hub.js';
import { toListQuery, type ListParams } from './list-query.js';
import { OS_PROFILE_FILTER_CATALOG } from './os-profile-filter-catalog.js';
import { createOsProfileWire, type OsProfileWireForm } from './os-profile-wire.js';
import type { ValidationService } from '../validation/validation-service.js';
import { splitValidateFlag } from './validate-flag.js';

/** What the OS profile operations use. */
export interface OsProfileServiceDeps {
  readonly store: Store;
  readonly releaseServiceUrl: string;
  readonly clock: () => Date;
  /** Starts image validation after each create (unless the body says `validate: false`). */
  readonly validation?: ValidationService;
  /** Told of each deleted profile, so its validation streams end on every replica. */
  readonly hub?: EventHub;
  /** Where a queued validation that could not be announced is reported (the runner's poll finds it). */
  readonly log?: { warn(fields: Record<string, unknown>, message: string): void };
}

/** The OS profile operations behind the routes, in API terms (wire forms in, wire forms out). */
export interface OsProfileService {
  create(project: string, body: unknown): Promise<OsProfileWireForm>;
  list(project: string, params: ListParams): Promise<OsProfileListWire>;
  get(project: string, resourceId: string): Promise<OsProfileWireForm>;
  change(
    project: string,
    resourceId: string,
    body: unknown,
    mode: 'patch' | 'put',
    fieldMask?: string,
  ): Promise<OsProfileWireForm>;
  remove(project: string, resourceId: string): Promise<void>;
}

/** EMF's list envelope. */
export interface OsProfileListWire {
  readonly OperatingSystemResources: OsProfileWireForm[];
  readonly totalElements: number;
  readonly hasNext: boolean;
}

/** Fields the API adds to EMF's resource; a GET-edit-PUT body may carry them back, so they are dropped. */
const VIEW_ONLY_FIELDS = ['tlsCaCertInfo', 'validation'];

/**
 * Body rules are core's (one message per rule, shared with the CLI); uniqueness and the in-use
 * guard are the store's. Every operation first checks that the project exists, so a missing
 * project answers 404 naming the project (callers reach here only with a role on it, or as admin).
 */
export function createOsProfileService(deps: OsProfileServiceDeps): OsProfileService {
  const { store, clock } = deps;
  const wire = createOsProfileWire();
  const context = () => ({ releaseServiceUrl: deps.releaseServiceUrl, now: clock() });
  const requireProject = async (project: string) => {
    if (!(await store.projects.get(project))) {
      throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
    }
  };
  const load = async (project: string, resourceId: string): Promise<OsProfile> => {
    await requireProject(project);
    const profile = await store.profiles.get(project, resourceId);
    if (profile) return profile;
    throw new OrchError('NotFound', `OS profile ${resourceId} not found in project "${project}"`, {
      details: { resourceId },
    });
  };
  return {
    async create(project, body) {
      await requireProject(project);
      // `validate` is a request option, not a profile field: core refuses unknown fields.
      const { profileBody, validate } = splitValidateFlag(body);
      const result = await applyProfileCreateRules(profileBody, context());
      if (!result.ok) throw issuesToError(result.issues);
      const { validation } = deps;
      const { created, job } = await store.transaction(async (tx) => {
        const profile = await tx.profiles.create(project, newResourceId('os'), result.value);
        // The profile and its first validation job commit together or not at all.
        const queued =
          validate && validation
            ? await validation.queueInTransaction(tx, project, profile.resourceId)
            : undefined;
        return { created: profile, job: queued };
      });
      if (job && validation)
        await validation
          .announce(job)
          .catch((error: unknown) =>
            deps.log?.warn({ err: error }, 'could not announce a queued validation'),
          );
      return wire.toWire(created);
    },
    async list(project, params) {
      await requireProject(project);
      const query = toListQuery(params, OS_PROFILE_FILTER_CATALOG);
      const page = await store.profiles.list(project, query);
      return {
        OperatingSystemResources: await Promise.all(page.items.map((p) => wire.toWire(p))),
        totalElements: page.total,
        hasNext: query.offset + page.items.length < page.total,
      };
    },
    get: async (project, resourceId) => wire.toWire(await load(project, resourceId)),
    async change(project, resourceId, body, mode, fieldMask) {
      const existing = await load(project, resourceId);
      const mask = mode === 'patch' && fieldMask ? readProfileFieldMask(fieldMask).fields : undefined;
      const result = await applyProfileChangeRules(existing, withoutViewFields(body), mode, context(), mask);
      if (!result.ok) throw issuesToError(result.issues);
      const changes = result.value;
      const { validation } = deps;
      // A verdict judged with the old trust anchors or Secure Boot policy no longer holds.
      const judgedAgain = validation && validationInputChanged(existing, changes);
      const { updated, jobs } = await store.transaction(async (tx) => {
        const profile = await tx.profiles.update(project, resourceId, changes);
        const queued = judgedAgain
          ? await validation.restartInTransaction(
              tx,
              project,
              resourceId,
              `the profile's ${judgedAgain.join(', ')} changed; a new validation was queued`,
            )
          : [];
        // The state as the queued job left it (pending), not as it was read before.
        const state = judgedAgain ? await tx.profiles.get(project, resourceId) : undefined;
        return { updated: state ?? profile, jobs: queued };
      });
      for (const job of jobs)
        await validation
          ?.announce(job)
          .catch((error: unknown) =>
            deps.log?.warn({ err: error }, 'could not announce a queued validation'),
          );
      return wire.toWire(updated);
    },
    async remove(project, resourceId) {
      await requireProject(project);
      await store.profiles.delete(project, resourceId);
      // The hub gives this replica's streams a gap when the publish fails; they re-read and end.
      await deps.hub
        ?.publish(project, resourceId, { type: SUBJECT_DELETED_EVENT, data: null })
        .catch((error: unknown) =>
          deps.log?.warn({ err: error, project, resourceId }, 'profile deletion not announced to streams'),
        );
    },
  };
}

function withoutViewFields(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !VIEW_ONLY_FIELDS.includes(key)));
}

/**
 * The validation inputs (trust anchor, Secure Boot policy, …) that `changes` alter, by name, or
 * undefined when the profile's verdict still holds.
 */
function validationInputChanged(existing: OsProfile, changes: OsProfileChanges): string[] | undefined {
  const before = validationInputOf(existing) as unknown as Record<string, unknown>;
  const after = validationInputOf({ ...existing, ...changes }) as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return changed.length > 0 ? changed.map((key) => INPUT_FIELD_NAMES[key] ?? key) : undefined;
}

/** The profile field behind each validation input. */
const INPUT_FIELD_NAMES: Readonly<Record<string, string>> = {
  url: 'imageUrl',
  caPem: 'tlsCaCert',
  osVersion: 'imageId',
};
