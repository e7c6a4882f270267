import { OrchError } from '../../core/errors/index.js';
import { mismatchStatus, type Host, type HostNic } from '../../core/host/index.js';
import type { OnboardAccepted, OnboardWaiting, UsbDevice } from '../../core/workflow/index.js';
import type { OnboardInput, UsbDeviceWire } from '../../api/host-schemas.js';
import type { Store } from '../../store/store.js';
import type { HostNotifier } from './host-event-stream.js';
import { hostStatusFor } from './host-status.js';
import { newNodeCredential } from './node-credential.js';
import type { WorkflowDriver } from './workflow-driver.js';

/** How long a node waiting for approval should wait before asking again. */
export const APPROVAL_RETRY_SECONDS = 30;

export interface OnboardingDeps {
  readonly store: Store;
  readonly hub: HostNotifier;
  readonly driver: WorkflowDriver;
  readonly clock: () => Date;
}

export type OnboardOutcome =
  | { readonly status: 200; readonly body: OnboardAccepted }
  | { readonly status: 202; readonly body: OnboardWaiting };

/** An unknown node learns only this. */
const unknownNode = () => new OrchError('NotFound', 'no host is registered for this node');

/**
 * A node asks to be let in (`POST /v1/onboard`). Found by UUID first, else by serial number; a
 * host registered with the other field different records EMF's mismatch words in its
 * registration status and is refused. A host not yet approved answers 202 with Retry-After; an
 * approved one gets a fresh node credential (only its hash is stored, replacing the previous one).
 */
export function createOnboarding(deps: OnboardingDeps) {
  const { store, hub, driver, clock } = deps;
  const seconds = () => Math.floor(clock().getTime() / 1000);

  const refuseMismatch = async (host: Host, field: 'uuid' | 'serialNumber', reported: string) => {
    const text = mismatchStatus(field, reported);
    await store.hosts.update(
      host.project,
      host.resourceId,
      { registrationStatus: { text, indicator: 'STATUS_INDICATION_ERROR', timestamp: seconds() } },
      { kind: 'registration-failed', data: { hostId: host.resourceId, registrationStatus: text } },
    );
    hub.notify(host.project);
    return new OrchError('FailedPrecondition', text, { details: { field } });
  };

  return {
    async onboard(input: OnboardInput): Promise<OnboardOutcome> {
      const uuid = input.uuid.trim().toLowerCase();
      const serial = input.serialNumber.trim();
      const candidates = await store.hosts.findNode(uuid, serial);
      const byUuid = uuid ? candidates.find((host) => host.uuid === uuid) : undefined;
      const host = byUuid ?? candidates.find((host) => serial !== '' && host.serialNumber === serial);
      if (!host || host.currentState === 'HOST_STATE_UNTRUSTED') throw unknownNode();
      if (byUuid && host.serialNumber !== '' && serial !== host.serialNumber) {
        throw await refuseMismatch(host, 'serialNumber', serial);
      }
      if (!byUuid && host.uuid !== '' && uuid !== host.uuid) {
        throw await refuseMismatch(host, 'uuid', uuid);
      }
      if (host.desiredState !== 'HOST_STATE_ONBOARDED') {
        if (host.onboardingStatus.text !== 'Waiting for approval') {
          await store.hosts.update(
            host.project,
            host.resourceId,
            {
              onboardingStatus: {
                text: 'Waiting for approval',
                indicator: 'STATUS_INDICATION_IN_PROGRESS',
                timestamp: seconds(),
              },
            },
            { kind: 'awaiting-approval', data: { hostId: host.resourceId } },
          );
          hub.notify(host.project);
        }
        return {
          status: 202,
          body: {
            state: 'awaiting-approval',
            message: 'registered, waiting for approval',
            retryAfterSeconds: APPROVAL_RETRY_SECONDS,
          },
        };
      }
      const { credential, hash } = newNodeCredential();
      const inventory = input.inventory;
      const nics: HostNic[] =
        inventory?.nics?.map((nic) => ({
          name: nic.name,
          mac: nic.mac,
          ...(nic.pciAddress ? { pciAddress: nic.pciAddress } : {}),
          ...(nic.usbAddress ? { usbAddress: nic.usbAddress } : {}),
          ...(nic.mtu ? { mtu: nic.mtu } : {}),
          ...(nic.operState ? { operState: nic.operState } : {}),
        })) ?? input.macs.map((mac, index) => ({ name: `nic${index}`, mac }));
      const at = seconds();
      const workflow = await store.workflows.get(host.project, host.resourceId);
      const onboarded = await store.hosts.update(
        host.project,
        host.resourceId,
        {
          currentState: 'HOST_STATE_ONBOARDED',
          credentialHash: hash,
          hostname: host.resourceId,
          // A host registered by serial alone learns its UUID here (and the reverse).
          ...(host.uuid === '' && uuid !== '' && !candidates.some((c) => c !== host && c.uuid === uuid)
            ? { uuid }
            : {}),
          ...(host.serialNumber === '' && serial !== '' ? { serialNumber: serial } : {}),
          nics,
          storages: inventory?.storages?.map((disk) => ({ ...disk })) ?? [],
          // Kept from the last onboarding that reported them: a node without the reader says nothing.
          ...(inventory?.pciDevices ? { pciDevices: inventory.pciDevices.map((d) => ({ ...d })) } : {}),
          ...(inventory?.usbDevices ? { usbDevices: inventory.usbDevices.map(copyUsbDevice) } : {}),
          inventory: { ramBytes: inventory?.ramBytes ?? null, secureBoot: inventory?.secureBoot ?? null },
          onboardingStatus: { text: 'Onboarded', indicator: 'STATUS_INDICATION_IDLE', timestamp: at },
          registrationStatus: {
            text: 'Host is Registered',
            indicator: 'STATUS_INDICATION_IDLE',
            timestamp: at,
          },
          // A node back after its attempt ended keeps that attempt's words until it is re-armed.
          hostStatus:
            workflow && workflow.record.state !== 'waiting'
              ? hostStatusFor(workflow.record)
              : { text: 'Booting', indicator: 'STATUS_INDICATION_IN_PROGRESS', timestamp: at },
        },
        { kind: 'onboarded', data: { hostId: host.resourceId } },
      );
      hub.notify(host.project);
      await driver.advance(onboarded);
      return {
        status: 200,
        body: { state: 'onboarded', hostId: host.resourceId, projectName: host.project, credential },
      };
    },
  };
}

export type Onboarding = ReturnType<typeof createOnboarding>;

/** A reported USB device as stored: ids lower-case, nothing but the known fields. */
function copyUsbDevice(d: UsbDeviceWire): UsbDevice {
  const lower = (v: string) => v.toLowerCase();
  return {
    address: d.address,
    vendor: lower(d.vendor),
    product: lower(d.product),
    bcdDevice: lower(d.bcdDevice),
    class: lower(d.class),
    subClass: lower(d.subClass),
    protocol: lower(d.protocol),
    interfaces: d.interfaces.map((i) => ({
      name: i.name,
      number: lower(i.number),
      class: lower(i.class),
      subClass: lower(i.subClass),
      protocol: lower(i.protocol),
      driver: i.driver,
      netDevices: [...i.netDevices],
      blockDevices: [...i.blockDevices],
    })),
  };
}
