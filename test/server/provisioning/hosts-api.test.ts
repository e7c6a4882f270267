import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from '../support/server-backends.js';
import { ubuntuBody } from '../support/profile-bodies.js';
import {
  newNode,
  recordValidation,
  startProvisioningFixture,
  type ProvisioningFixture,
} from './provisioning-fixture.js';

const slots = await serverBackends('hosts');
const P = '/v1/projects/alpha';

for (const slot of slots) {
  describe(`hosts, instances and sites on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      for (const name of ['alpha', 'beta']) {
        assert.equal((await f.call('POST', '/v1/projects', { name })).statusCode, 201);
      }
    });
    after(async () => {
      await f?.close();
      await slot.backend?.dispose();
    });

    const register = (body: object, project = 'alpha') =>
      f.call('POST', `/v1/projects/${project}/compute/hosts/register`, body);
    const defaultProfile = async () =>
      (
        await f.call(
          'GET',
          `${P}/compute/os?filter=${encodeURIComponent('osType=MUTABLE AND securityFeature=NONE')}`,
        )
      ).json().OperatingSystemResources[0];

    test('register answers 200 with the HostResource: host- id, EMF states and statuses, every field present', async () => {
      const node = newNode();
      const res = await register({ name: 'edge-1', ...node, autoOnboard: true });
      assert.equal(res.statusCode, 200, res.body);
      const h = res.json();
      assert.match(h.resourceId, /^host-[0-9a-f]{8}$/);
      assert.equal(h.uuid, node.uuid);
      assert.equal(h.serialNumber, node.serialNumber);
      assert.equal(h.desiredState, 'HOST_STATE_ONBOARDED');
      assert.equal(h.currentState, 'HOST_STATE_REGISTERED');
      assert.equal(h.registrationStatus, 'Host is Registered');
      assert.equal(h.hostStatus, 'Not Connected');
      assert.equal(h.instance, null);
      assert.equal(h.site, null);
      assert.deepEqual(h.hostNics, []);
      assert.deepEqual(h.metadata, []);
    });

    test('register refuses bad bodies with InvalidArgument and the rule', async () => {
      const cases: [object, RegExp][] = [
        [{ name: 'x' }, /either UUID or SerialNumber must be set/],
        [{ serialNumber: 'ab' }, /serialNumber "ab" must be 5 to 20 letters or digits/],
        [{ uuid: 'not-a-uuid' }, /not an RFC 4122 UUID/],
        [{ serialNumber: 'ABCDE1', surprise: 1 }, /unknown field 'surprise'/],
        [{ serialNumber: 'ABCDE2', name: 'n'.repeat(21) }, /name/],
      ];
      for (const [body, message] of cases) {
        const res = await register(body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().code, 'InvalidArgument');
        assert.match(res.json().message, message);
      }
    });

    test('a machine registers once across projects: FailedPrecondition, naming the holder only in its own project', async () => {
      const node = newNode();
      const first = (await register({ name: 'dup', ...node })).json();
      const again = await register({ uuid: node.uuid.toUpperCase() });
      assert.equal(again.json().code, 'FailedPrecondition');
      // Upstream's status for this code on this path (the registry's FailedPrecondition is 409).
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /"code":"FailedPrecondition"/);
      assert.match(again.json().message, new RegExp(`${first.resourceId} \\(dup\\)`));
      const elsewhere = await register({ uuid: node.uuid }, 'beta');
      assert.equal(elsewhere.statusCode, 400);
      assert.equal(elsewhere.json().code, 'FailedPrecondition');
      assert.doesNotMatch(elsewhere.json().message, /host-/);
      const bySerial = await register({ serialNumber: node.serialNumber }, 'beta');
      assert.equal(bySerial.json().code, 'FailedPrecondition');
      // orch-cli then looks the host up by both fields, in snake_case.
      const filter = encodeURIComponent(`serial_number='${node.serialNumber}' AND uuid='${node.uuid}'`);
      const found = await f.call('GET', `${P}/compute/hosts?filter=${filter}`);
      assert.equal(found.statusCode, 200, found.body);
      assert.deepEqual(
        found.json().hosts.map((h: { resourceId: string }) => h.resourceId),
        [first.resourceId],
      );
      assert.equal(found.json().totalElements, 1);
      assert.equal(found.json().hasNext, false);
    });

    test('regions and sites: create, get through region "empty", list by name; PATCH siteId with and without fieldMask', async () => {
      const region = await f.call('POST', `${P}/regions`, { name: 'eu' });
      assert.equal(region.statusCode, 200, region.body);
      const regionId = region.json().resourceId;
      assert.match(regionId, /^region-[0-9a-f]{8}$/);
      const site = await f.call('POST', `${P}/regions/${regionId}/sites`, { name: 'lab-1' });
      assert.equal(site.statusCode, 200, site.body);
      const siteId = site.json().resourceId;
      assert.match(siteId, /^site-[0-9a-f]{8}$/);
      assert.equal((await f.call('GET', `${P}/regions/empty/sites/${siteId}`)).json().name, 'lab-1');
      const listed = await f.call(
        'GET',
        `${P}/regions/${regionId}/sites?filter=${encodeURIComponent('name="lab-1"')}`,
      );
      assert.deepEqual(
        listed.json().sites.map((s: { resourceId: string }) => s.resourceId),
        [siteId],
      );
      const host = (await register({ ...newNode() })).json();
      const patched = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}`, {
        name: 'edge-9',
        siteId,
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().siteId, siteId);
      assert.equal(patched.json().site.name, 'lab-1');
      assert.equal(patched.json().name, 'edge-9');
      // With a mask only the masked field changes; an empty name in the body without a mask changes nothing.
      const masked = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}?fieldMask=name`, {
        name: 'edge-10',
        siteId: '',
      });
      assert.equal(masked.json().name, 'edge-10');
      assert.equal(masked.json().siteId, siteId);
      const zero = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}`, { name: '' });
      assert.equal(zero.json().name, 'edge-10');
      const badSite = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}`, {
        siteId: 'site-00000000',
      });
      assert.equal(badSite.statusCode, 404);
      assert.match(badSite.json().message, /site site-00000000 not found/);
      const badMask = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}?fieldMask=uuid`, {});
      assert.equal(badMask.statusCode, 400);
      const inUse = await f.call('DELETE', `${P}/regions/empty/sites/${siteId}`);
      assert.equal(inUse.json().code, 'FailedPrecondition');
      assert.match(inUse.json().message, new RegExp(host.resourceId));
    });

    test('instances: 200 with inst- id and os; one per host; SB_FDE needs an SB_FDE profile; delete guards name what blocks', async () => {
      const host = (await register({ name: 'guarded', ...newNode() })).json();
      const os = await defaultProfile();
      const mismatch = await f.call('POST', `${P}/compute/instances`, {
        hostID: host.resourceId,
        osID: os.resourceId,
        securityFeature: 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
      });
      assert.equal(mismatch.statusCode, 400, mismatch.body);
      assert.match(mismatch.json().message, /OS Profile and Security feature mismatch/);
      const created = await f.call('POST', `${P}/compute/instances`, {
        hostID: host.resourceId,
        osID: os.resourceId,
        kind: 'INSTANCE_KIND_METAL',
        securityFeature: 'SECURITY_FEATURE_NONE',
      });
      assert.equal(created.statusCode, 200, created.body);
      const inst = created.json();
      assert.match(inst.resourceId, /^inst-[0-9a-f]{8}$/);
      assert.equal(inst.instanceID, inst.resourceId);
      assert.equal(inst.os.resourceId, os.resourceId);
      assert.deepEqual(inst.workloadMembers, []);
      assert.equal(inst.provisioningStatus, 'Not Provisioned');
      assert.match(inst.provisioning.imageValidation, /not validated: default profiles/);
      const second = await f.call('POST', `${P}/compute/instances`, {
        hostID: host.resourceId,
        osID: os.resourceId,
      });
      assert.equal(second.json().code, 'FailedPrecondition');
      assert.match(second.json().message, new RegExp(`already has instance ${inst.resourceId}`));
      const hostDelete = await f.call('DELETE', `${P}/compute/hosts/${host.resourceId}`);
      assert.equal(hostDelete.json().code, 'FailedPrecondition');
      assert.match(hostDelete.json().message, new RegExp(`has instance ${inst.resourceId}`));
      const profileDelete = await f.call('DELETE', `${P}/compute/os/${os.resourceId}`);
      assert.equal(profileDelete.json().code, 'FailedPrecondition');
      assert.match(profileDelete.json().message, new RegExp(`${host.resourceId} \\(guarded\\)`));
      const gotHost = (await f.call('GET', `${P}/compute/hosts/${host.resourceId}`)).json();
      assert.equal(gotHost.instance.resourceId, inst.resourceId);
      // The hosts that run a profile: instances filtered by osID (or upstream's os.resourceId).
      for (const field of ['osID', 'os.resourceId']) {
        const using = await f.call(
          'GET',
          `${P}/compute/instances?filter=${encodeURIComponent(`${field}='${os.resourceId}'`)}`,
        );
        assert.equal(using.statusCode, 200, using.body);
        const list = using.json();
        assert.ok(list.instances.every((i: { osID: string }) => i.osID === os.resourceId));
        assert.ok(list.instances.some((i: { host: { name: string } }) => i.host.name === 'guarded'));
        assert.equal(list.totalElements, list.instances.length);
      }
      const none = await f.call(
        'GET',
        `${P}/compute/instances?filter=${encodeURIComponent("osID='os-00000000'")}`,
      );
      assert.deepEqual(none.json(), { instances: [], totalElements: 0, hasNext: false });
      const bad = await f.call('GET', `${P}/compute/instances?filter=${encodeURIComponent("kind='x'")}`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'InvalidArgument');
      assert.equal((await f.call('DELETE', `${P}/compute/instances/${inst.resourceId}`)).body, '{}');
      const deleted = await f.call('DELETE', `${P}/compute/hosts/${host.resourceId}`);
      assert.equal(deleted.statusCode, 200);
      assert.equal(deleted.body, '{}');
      assert.equal((await f.call('GET', `${P}/compute/hosts/${host.resourceId}`)).statusCode, 404);
    });

    test('a custom profile that failed validation is refused naming the failed checks', async () => {
      const created = await f.call(
        'POST',
        `${P}/compute/os`,
        ubuntuBody({ name: 'bad image', imageId: '22.04.9', validate: false }),
      );
      assert.equal(created.statusCode, 200, created.body);
      const osId = created.json().resourceId;
      await recordValidation(f.store, 'alpha', osId, {
        state: 'failed',
        checks: [
          {
            id: 'image.sha256',
            status: 'fail',
            message: 'sha256 of the download is 00ff…, the profile says b9b6…',
          },
          { id: 'gpt.valid', status: 'pass', message: 'ok' },
        ],
      });
      const host = (await register({ ...newNode() })).json();
      const res = await f.call('POST', `${P}/compute/instances`, { hostID: host.resourceId, osID: osId });
      assert.equal(res.json().code, 'FailedPrecondition', res.body);
      assert.match(
        res.json().message,
        /image validation of OS profile "bad image" .* failed: image\.sha256: sha256 of the download/,
      );
      assert.deepEqual(res.json().details.failedChecks, ['image.sha256']);
    });

    test('summary, GET /v1/orchestrator, roles and unknown ids', async () => {
      const summary = await f.call('GET', `${P}/compute/hosts/summary`);
      assert.equal(summary.statusCode, 200);
      assert.ok(summary.json().total >= 1);
      const info = await f.app.inject({ method: 'GET', url: '/v1/orchestrator' });
      assert.equal(info.statusCode, 200);
      assert.equal(
        info.json().orchestrator.features['edge-infrastructure-manager'].features.provisioning.installed,
        true,
      );
      const reader = await f.token('alpha', 'read');
      assert.equal((await f.call('GET', `${P}/compute/hosts`, undefined, reader)).statusCode, 200);
      const refused = await f.call('POST', `${P}/compute/hosts/register`, { ...newNode() }, reader);
      assert.equal(refused.statusCode, 403);
      assert.equal(
        (await f.call('GET', `/v1/projects/beta/compute/hosts`, undefined, reader)).statusCode,
        403,
      );
      assert.equal((await f.call('GET', `${P}/compute/hosts/host-00000000`)).json().code, 'NotFound');
      assert.equal((await f.app.inject({ method: 'GET', url: `${P}/compute/hosts` })).statusCode, 401);
    });
  });
}
