import type { Static } from 'typebox';
import type { ProvisioningView } from '../../api/host-schemas.js';
import type { HostResource } from './host-api.js';
import { NOT_PROVISIONED } from './host-views.js';

type Provisioning = Static<typeof ProvisioningView>;

/** Where one watched host stands, from its view and the stream's `provisioning` events. */
export interface HostProgress {
  readonly hostId: string;
  readonly name: string;
  /** EMF's words, e.g. `Provisioning In Progress: 4/8: Streaming OS image`. */
  readonly status: string;
  readonly state: Provisioning['state'] | 'none' | 'deleted';
  readonly step: { readonly index: number; readonly count: number; readonly text: string } | null;
  readonly bytesDone: number | null;
  readonly bytesTotal: number | null;
  readonly rate: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly reason: string | null;
}

/** The `provisioning` event's data (orchd's workflow log entry). */
export interface ProvisioningEventData {
  readonly hostId: string;
  readonly provisioningStatus: string;
  readonly provisioning: Provisioning | null;
}

/** Provisioned or failed for good (until a reprovision). */
export const hasEnded = (p: HostProgress): boolean =>
  p.state === 'succeeded' || p.state === 'failed' || p.state === 'deleted';
export const hasFailed = (p: HostProgress): boolean => p.state === 'failed' || p.state === 'deleted';

function fromView(hostId: string, name: string, status: string, view: Provisioning | null): HostProgress {
  return {
    hostId,
    name,
    status,
    state: view?.state ?? 'none',
    step: view?.step ? { index: view.step.index, count: view.step.count, text: view.step.text } : null,
    bytesDone: view?.bytesDone ?? null,
    bytesTotal: view?.bytesTotal ?? null,
    rate: view?.rate ?? null,
    error: view?.error ? { code: view.error.code, message: view.error.message } : null,
    reason: view?.reason ?? null,
  };
}

/** A host's progress from its whole view (a GET, or the stream's `host` event). */
export const progressOfHost = (h: HostResource): HostProgress =>
  fromView(
    h.resourceId,
    h.name,
    h.instance?.provisioningStatus || NOT_PROVISIONED,
    h.instance?.provisioning ?? null,
  );

/** The progress after a `provisioning` event. */
export const progressAfter = (before: HostProgress, data: ProvisioningEventData): HostProgress =>
  fromView(before.hostId, before.name, data.provisioningStatus, data.provisioning);

/** A host deleted (or its instance) while it was watched: it ends, failed, saying so. */
export const progressRemoved = (before: HostProgress, what: string): HostProgress => ({
  ...before,
  state: 'deleted',
  status: `${what} deleted while it was watched`,
  error: { code: 'NotFound', message: `${what} deleted while it was watched` },
});

const MIB = 1024 * 1024;
/** `12.3 MiB`. */
export const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

/** `1.0/4.0 MiB 512.0 KiB/s`-style counters of the step (empty when it moves no bytes). */
export function bytesText(p: HostProgress): string {
  if (p.bytesDone === null) return '';
  const total = p.bytesTotal === null ? '?' : mib(p.bytesTotal);
  const rate = p.rate === null ? '' : ` ${mib(p.rate)}/s`;
  return `${mib(p.bytesDone)}/${total}${rate}`;
}

/** Overall progress 0..1: steps done plus the share of the current step's bytes. */
export function fraction(p: HostProgress): number {
  if (p.state === 'succeeded') return 1;
  if (!p.step || p.step.count === 0) return 0;
  const within = p.bytesDone !== null && p.bytesTotal ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  return Math.min(1, (p.step.index - 1 + within) / p.step.count);
}

/** `host-1a2b3c4d (edge-1)`. */
export const whoOf = (p: HostProgress): string => (p.name ? `${p.hostId} (${p.name})` : p.hostId);

/**
 * One plain line for logs: who, the status words, the bytes in tenths of the step (so a long
 * stream writes about ten lines, not one per event), why it waits.
 */
export function progressLine(p: HostProgress): string {
  const tenth =
    p.bytesDone !== null && p.bytesTotal
      ? ` ${Math.floor((p.bytesDone / p.bytesTotal) * 10) * 10}% of ${mib(p.bytesTotal)}`
      : '';
  const reason = p.reason && p.state === 'waiting' ? ` (${p.reason})` : '';
  return `${whoOf(p)}: ${p.status}${p.state === 'running' ? tenth : ''}${reason}`;
}
