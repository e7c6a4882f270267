import type { Host, Provisioning } from '../api/api-types.js';

/** A host's provisioning as the event stream last told it. */
export interface LiveProvisioning {
  readonly provisioningStatus: string;
  readonly indicator: string;
  readonly provisioning: Provisioning | null;
}

/** What the stream says: the latest provisioning per host, and hosts it saw deleted. */
export interface HostLiveState {
  readonly provisioning: ReadonlyMap<string, LiveProvisioning>;
  readonly deleted: ReadonlySet<string>;
}

export const EMPTY_LIVE_STATE: HostLiveState = { provisioning: new Map(), deleted: new Set() };

/** What an event asks of the page besides the live state: read the host (and the list) again. */
export type HostEventEffect = { readonly refresh: string | undefined };

const fromHost = (host: Host): LiveProvisioning | undefined =>
  host.instance
    ? {
        provisioningStatus: host.instance.provisioningStatus,
        indicator: host.instance.provisioningStatusIndicator,
        provisioning: host.instance.provisioning,
      }
    : undefined;

/** Kinds after which a host's other fields (status words, state, site) have changed. */
const REFRESHING = new Set([
  'registered',
  'onboarded',
  'awaiting-approval',
  'approved',
  'changed',
  'registration-failed',
  'invalidated',
  'instance-deleted',
  'deleted',
]);

/**
 * Applies one event of `GET …/events` (pure): `host` snapshots and `provisioning` events replace
 * the host's live provisioning; `deleted` marks it gone; the other kinds (and a provisioning
 * attempt that ended) ask for the host to be read again, since they change more than the stream says.
 */
export function applyHostEvent(
  state: HostLiveState,
  kind: string,
  data: unknown,
): { state: HostLiveState; refresh: string | undefined } {
  const record = (data ?? {}) as Record<string, unknown>;
  if (kind === 'host') {
    const host = data as Host;
    const live = fromHost(host);
    if (!live) return { state, refresh: undefined };
    const provisioning = new Map(state.provisioning);
    provisioning.set(host.resourceId, live);
    return { state: { ...state, provisioning }, refresh: undefined };
  }
  const hostId = typeof record['hostId'] === 'string' ? record['hostId'] : undefined;
  if (!hostId) return { state, refresh: undefined };
  if (kind === 'provisioning') {
    const view = (record['provisioning'] ?? null) as Provisioning | null;
    const provisioning = new Map(state.provisioning);
    provisioning.set(hostId, {
      provisioningStatus: String(record['provisioningStatus'] ?? ''),
      indicator: String(record['provisioningStatusIndicator'] ?? ''),
      provisioning: view,
    });
    const ended = view?.state === 'succeeded' || view?.state === 'failed';
    return { state: { ...state, provisioning }, refresh: ended ? hostId : undefined };
  }
  if (kind === 'deleted' || kind === 'instance-deleted') {
    const provisioning = new Map(state.provisioning);
    provisioning.delete(hostId);
    const deleted = kind === 'deleted' ? new Set([...state.deleted, hostId]) : state.deleted;
    return { state: { provisioning, deleted }, refresh: hostId };
  }
  return { state, refresh: REFRESHING.has(kind) ? hostId : undefined };
}

/**
 * The provisioning to show for a host: the stream's when it is at least as new as what the
 * last GET returned (a refetch after an event may be newer than the event).
 */
export function currentProvisioning(
  host: Host,
  live: LiveProvisioning | undefined,
): LiveProvisioning | undefined {
  const fetched = fromHost(host);
  if (!live) return fetched;
  if (!fetched?.provisioning || !live.provisioning) return live.provisioning ? live : (fetched ?? live);
  return Date.parse(live.provisioning.updatedAt) >= Date.parse(fetched.provisioning.updatedAt)
    ? live
    : fetched;
}
