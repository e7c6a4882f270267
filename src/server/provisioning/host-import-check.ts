import { OrchError, isOrchError } from '../../core/errors/index.js';
import {
  checkRegistration,
  checkSerialNumber,
  checkUserLvmSize,
  checkUuid,
  isSameMachine,
  parseHostMetadata,
} from '../../core/host/index.js';
import type { Host } from '../../core/host/index.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import type {
  HostImportCheckResult,
  HostImportIssue,
  HostImportRow,
  HostImportRowResult,
} from '../../api/host-import-schemas.js';
import type { LocationResource, Store } from '../../store/store.js';
import { refuseMissingDrivers } from './driver-check-service.js';
import { SB_FDE, checkSecurityFeature } from './instance-service.js';
import { validationVerdict, type ValidationVerdictForProvisioning } from './validation-verdict.js';

/** The host CSV dry run: what `create host --import-from-csv` would meet, row by row, without writing. */
export interface HostImportCheck {
  check(project: string, rows: readonly HostImportRow[]): Promise<HostImportCheckResult>;
}

/** One row being judged. */
interface RowState {
  readonly row: HostImportRow;
  readonly errors: HostImportIssue[];
  readonly notes: string[];
  /** The checked serial/UUID when both are well-formed (and at least one is set). */
  key?: { readonly serialNumber: string; readonly uuid: string };
  /** This project's host that is already this machine (register would refuse the row). */
  existing?: Host;
}

const issueOf = (error: unknown, field: string): HostImportIssue => {
  if (!isOrchError(error)) throw error;
  const named = error.details?.['field'];
  return { code: error.code, field: typeof named === 'string' ? named : field, message: error.message };
};

/** Runs `work`, recording the OrchError it throws as an issue of `field`; true when it passed. */
function judge(state: RowState, field: string, work: () => void): boolean {
  try {
    work();
    return true;
  } catch (error) {
    state.errors.push(issueOf(error, field));
    return false;
  }
}

/**
 * Checks each row with the rules the real calls apply (register, instance, host PATCH): serial
 * and UUID well-formed, at least one, free across every project (the holder named only when in
 * this project) and not repeated in the batch; the profile exists by name or id and its image
 * validation has not failed (pending is accepted, and said); Secure=true needs an SB_FDE profile;
 * the site exists by id or name; metadata parses; LVMSize is a whole number of GiB. A row whose
 * machine is already a host of this project also gets the instance call's driver check from
 * stored facts (DRIVER_MISSING when its PCI inventory has a device the image cannot drive).
 */
export function createHostImportCheck(deps: { readonly store: Store }): HostImportCheck {
  const { store } = deps;
  return {
    async check(project, rows) {
      if (!(await store.projects.get(project))) {
        throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
      }
      const states: RowState[] = rows.map((row) => ({ row, errors: [], notes: [] }));
      for (const state of states) checkRowFields(state);
      checkBatchDuplicates(states);
      await checkRegistered(store, project, states);
      await checkReferences(store, project, states);
      const results: HostImportRowResult[] = states.map(({ row, errors, notes }) => ({
        line: row.line,
        ok: errors.length === 0,
        errors,
        notes,
      }));
      const okCount = results.filter((result) => result.ok).length;
      return { rows: results, okCount, failedCount: results.length - okCount };
    },
  };
}

/** The checks that need nothing but the row. */
function checkRowFields(state: RowState): void {
  const { row } = state;
  let serialNumber = '';
  let uuid = '';
  const serialOk = judge(state, 'serialNumber', () => {
    serialNumber = checkSerialNumber((row.serialNumber ?? '').trim());
  });
  const uuidOk = judge(state, 'uuid', () => {
    uuid = checkUuid((row.uuid ?? '').trim());
  });
  judge(state, 'lvmSize', () => {
    const lvm = (row.lvmSize ?? '').trim();
    if (lvm !== '' && !/^[0-9]{1,16}$/.test(lvm)) {
      throw new OrchError('InvalidArgument', `lvmSize "${lvm.slice(0, 40)}" is not a whole number of GiB`, {
        details: { field: 'lvmSize' },
      });
    }
    checkUserLvmSize(lvm === '' ? 0 : Number(lvm), 'lvmSize');
  });
  // Upstream's "either UUID or SerialNumber must be set", once both are well-formed.
  if (serialOk && uuidOk && judge(state, 'uuid', () => void checkRegistration({ serialNumber, uuid }))) {
    state.key = { serialNumber, uuid };
  }
  judge(state, 'metadata', () => void parseHostMetadata(row.metadata ?? ''));
  if ((row.remoteUser ?? '').trim() !== '') {
    state.errors.push({
      code: 'InvalidArgument',
      field: 'remoteUser',
      message:
        'RemoteUser (an EMF local account) is not supported by edge-orch; give SSH keys with --ssh-key instead',
    });
  }
  if ((row.cloudInitMeta ?? '').trim() !== '') {
    state.errors.push({
      code: 'InvalidArgument',
      field: 'cloudInitMeta',
      message:
        'CloudInitMeta (EMF custom config resources) is not supported by edge-orch; give a #cloud-config with --cloud-init instead',
    });
  }
}

/** A later row that is the same machine as an earlier one would be refused as already registered. */
function checkBatchDuplicates(states: readonly RowState[]): void {
  const byUuid = new Map<string, RowState>();
  const bySerial = new Map<string, RowState[]>();
  for (const state of states) {
    const key = state.key;
    if (!key) continue;
    const candidates = [
      ...(key.uuid !== '' ? [byUuid.get(key.uuid)].filter((s) => s !== undefined) : []),
      ...(key.serialNumber !== '' ? (bySerial.get(key.serialNumber) ?? []) : []),
    ];
    let earlier: { state: RowState; field: 'uuid' | 'serialNumber' } | undefined;
    for (const candidate of candidates) {
      const field = isSameMachine(key, candidate.key!);
      if (field && (!earlier || field === 'uuid')) earlier = { state: candidate, field };
    }
    if (earlier) {
      const what = earlier.field === 'uuid' ? `uuid ${key.uuid}` : `serialNumber ${key.serialNumber}`;
      state.errors.push({
        code: 'FailedPrecondition',
        field: earlier.field,
        message: `${what} is also on line ${earlier.state.row.line}: one machine is one host`,
      });
      continue;
    }
    if (key.uuid !== '') byUuid.set(key.uuid, state);
    if (key.serialNumber !== '') {
      const list = bySerial.get(key.serialNumber);
      if (list) list.push(state);
      else bySerial.set(key.serialNumber, [state]);
    }
  }
}

/** Machines already registered in any project (what register would answer). */
async function checkRegistered(store: Store, project: string, states: readonly RowState[]): Promise<void> {
  const keyed = states.filter((state) => state.key !== undefined);
  const conflicts = await store.hosts.registrationConflicts(
    project,
    keyed.map((state) => state.key!),
  );
  for (const [i, conflict] of conflicts.entries()) {
    if (!conflict) continue;
    const state = keyed[i]!;
    state.errors.push(issueOf(conflict, 'uuid'));
    // Only a host of this project is looked at further (another project's stays unnamed).
    const { uuid, serialNumber } = state.key!;
    const held = await store.hosts.findNode(uuid, serialNumber);
    state.existing = held.find((host) => host.project === project && isSameMachine(state.key!, host));
  }
}

/** Profiles (by id or name) and sites (by id or name), each looked up once per batch. */
async function checkReferences(store: Store, project: string, states: readonly RowState[]): Promise<void> {
  const profiles = new Map<string, Promise<OsProfile | undefined>>();
  const verdicts = new Map<string, Promise<ValidationVerdictForProvisioning>>();
  const sites = new Map<string, Promise<LocationResource[]>>();
  const profileOf = (ref: string) => {
    let found = profiles.get(ref);
    if (!found) {
      found = (async () =>
        (await store.profiles.get(project, ref)) ?? store.profiles.getByName(project, ref))();
      profiles.set(ref, found);
    }
    return found;
  };
  const verdictOf = (profile: OsProfile) => {
    let verdict = verdicts.get(profile.resourceId);
    if (!verdict) {
      verdict = validationVerdict(store, project, profile);
      verdicts.set(profile.resourceId, verdict);
    }
    return verdict;
  };
  const sitesOf = (ref: string) => {
    let found = sites.get(ref);
    if (!found) {
      found = (async () => {
        const byId = await store.sites.getSite(project, ref);
        return byId ? [byId] : store.sites.listSites(project, undefined, ref);
      })();
      sites.set(ref, found);
    }
    return found;
  };
  for (const state of states) {
    const { row } = state;
    const ref = row.osProfile.trim();
    if (ref === '') {
      state.errors.push({ code: 'InvalidArgument', field: 'osProfile', message: 'OSProfile is empty' });
    } else {
      const profile = await profileOf(ref);
      if (!profile) {
        state.errors.push({
          code: 'NotFound',
          field: 'osProfile',
          message: `OS profile "${ref.slice(0, 80)}" not found in project "${project}" (by name or resourceId)`,
        });
      } else {
        if (row.secure === true) {
          judge(state, 'secure', () => checkSecurityFeature(profile, SB_FDE, 'secure'));
        }
        // The machine is already a host with a PCI inventory: the instance call's driver check.
        if (state.existing) {
          try {
            await refuseMissingDrivers(store, state.existing, profile);
          } catch (error) {
            state.errors.push({ ...issueOf(error, 'osProfile'), field: 'osProfile' });
          }
        }
        const verdict = await verdictOf(profile);
        if (verdict.kind === 'failed') {
          state.errors.push({ code: 'FailedPrecondition', field: 'osProfile', message: verdict.message });
        } else if (verdict.kind === 'pending') {
          state.notes.push(
            `image validation of OS profile "${profile.name}" (${profile.resourceId}) is still pending: the host will wait in step 0 until it passes`,
          );
        } else if (profile.source === 'default') {
          state.notes.push(
            `OS profile "${profile.name}" is a default profile: its image is not validated (its server is outside)`,
          );
        }
      }
    }
    const site = (row.site ?? '').trim();
    if (site !== '') {
      const found = await sitesOf(site);
      if (found.length === 0) {
        state.errors.push({
          code: 'NotFound',
          field: 'site',
          message: `site "${site.slice(0, 80)}" not found in project "${project}" (by id or name)`,
        });
      } else if (found.length > 1) {
        state.errors.push({
          code: 'InvalidArgument',
          field: 'site',
          message: `site name "${site.slice(0, 80)}" is ambiguous: ${found.map((s) => s.resourceId).join(', ')}; give the site id`,
        });
      }
    }
  }
}
