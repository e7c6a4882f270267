import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEmfShape, readOnlyFields } from './emf-shape-check.js';
import { EMF_HOST_LIST, EMF_HOST_RESOURCE, EMF_INSTANCE_RESOURCE, EMF_OS_RESOURCE } from './emf-shapes.js';

/** A host as EMF answers it (every field present, unset ones zero-valued). */
const host = () => ({
  resourceId: 'host-0a1b2c3d',
  name: 'edge-01',
  desiredState: 'HOST_STATE_ONBOARDED',
  currentState: 'HOST_STATE_ONBOARDED',
  serialNumber: 'ABC12345',
  uuid: '4c4c4544-0035-3010-8030-b4c04f4d4e31',
  hostname: 'edge-01',
  hostStatus: 'Running',
  hostStatusIndicator: 'STATUS_INDICATION_IDLE',
  hostStatusTimestamp: 1764000000,
  onboardingStatus: 'Onboarded',
  onboardingStatusIndicator: 'STATUS_INDICATION_IDLE',
  onboardingStatusTimestamp: 1764000000,
  registrationStatus: 'Host is Registered',
  registrationStatusIndicator: 'STATUS_INDICATION_IDLE',
  registrationStatusTimestamp: 1764000000,
  siteId: '',
  timestamps: { createdAt: '2026-11-25T12:00:00Z', updatedAt: '2026-11-25T12:00:00Z' },
  instance: null,
});

test("the checker passes EMF's own shape and names every broken rule by path", () => {
  assert.deepEqual(checkEmfShape(host(), EMF_HOST_RESOURCE), { violations: [], extras: [] });
  const broken = {
    ...host(),
    resourceId: 'host-XYZ',
    hostStatusIndicator: 'IDLE',
    hostStatusTimestamp: '1764000000',
    uuid: 'not-a-uuid',
    extra: 1,
  };
  delete (broken as Record<string, unknown>)['hostname'];
  const report = checkEmfShape(broken, EMF_HOST_RESOURCE);
  assert.deepEqual(report.violations, [
    `HostResource.resourceId: "host-XYZ" does not match EMF's pattern`,
    `HostResource.uuid: "not-a-uuid" does not match EMF's pattern`,
    'HostResource.hostname: missing (EMF always sends it)',
    "HostResource.hostStatusIndicator: IDLE is not one of EMF's values",
    'HostResource.hostStatusTimestamp: expected an integer, got string',
  ]);
  assert.deepEqual(report.extras, ['HostResource.extra']);
  assert.deepEqual(checkEmfShape({ hosts: [host()], totalElements: 1 }, EMF_HOST_LIST).violations, [
    'ListHostsResponse.hasNext: required by EMF, missing',
    'ListHostsResponse.hasNext: missing (EMF always sends it)',
  ]);
});

test("EMF's read-only fields: the server-set ones of each resource", () => {
  assert.deepEqual(readOnlyFields(EMF_OS_RESOURCE), [
    'resourceId',
    'profileVersion',
    'installedPackages',
    'platformBundle',
    'existingCves',
    'fixedCves',
    'osResourceID',
    'timestamps',
  ]);
  assert.ok(readOnlyFields(EMF_INSTANCE_RESOURCE).includes('provisioningStatus'));
  assert.ok(!readOnlyFields(EMF_INSTANCE_RESOURCE).includes('hostID'));
  // A unicode class (EMF's fixedCves) is read with the u flag.
  assert.deepEqual(
    checkEmfShape({ fixedCves: '["CVE-2026-1 é"]' }, EMF_OS_RESOURCE, { allPresent: false }).violations,
    ['OperatingSystemResource.sha256: required by EMF, missing'],
  );
});
