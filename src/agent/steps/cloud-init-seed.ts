/**
 * The NoCloud seed's three files (cloud-init docs, "NoCloud" datasource): `meta-data` names the
 * instance and host, `user-data` is orchd's rendered #cloud-config as given, `network-config`
 * (version 2) brings up DHCP on the NIC with the provisioning MAC, or on every NIC when unknown.
 * @module
 */
import { stringify } from 'yaml';
import type { WorkflowStepParams } from '../../core/workflow/index.js';

/** A file of the seed. */
export interface SeedFile {
  readonly name: 'meta-data' | 'user-data' | 'network-config';
  readonly data: Uint8Array;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The seed's files, in the order they are written. */
export function cloudInitSeed(params: WorkflowStepParams['write-cloud-init']): SeedFile[] {
  const metaData = stringify({ 'instance-id': params.instanceId, 'local-hostname': params.localHostname });
  const nic = params.provisioningMac
    ? { match: { macaddress: params.provisioningMac.toLowerCase() }, 'set-name': 'provisioning', dhcp4: true }
    : { match: { name: 'e*' }, dhcp4: true };
  const networkConfig = stringify({
    version: 2,
    ethernets: { [params.provisioningMac ? 'provisioning' : 'all-wired']: nic },
  });
  return [
    { name: 'meta-data', data: utf8(metaData) },
    { name: 'user-data', data: utf8(params.userData) },
    { name: 'network-config', data: utf8(networkConfig) },
  ];
}
