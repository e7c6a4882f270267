import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { serverBackends } from '../support/server-backends.js';
import { emtBody } from '../support/profile-bodies.js';
import { CREDENTIAL_PLACEHOLDER } from '../../../src/server/provisioning/workflow-driver.js';
import {
  ORCHESTRATOR_URL,
  ScriptedAgent,
  newNode,
  recordValidation,
  startProvisioningFixture,
  type ProvisioningFixture,
} from './provisioning-fixture.js';

const slots = await serverBackends('workflow');
const P = '/v1/projects/alpha';

for (const slot of slots) {
  describe(`provisioning workflow on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      assert.equal((await f.call('POST', '/v1/projects', { name: 'alpha' })).statusCode, 201);
    });
    after(async () => {
      await f?.close();
      await slot.backend?.dispose();
    });

    const profile = async (filter: string) =>
      (await f.call('GET', `${P}/compute/os?filter=${encodeURIComponent(filter)}`)).json()
        .OperatingSystemResources[0];
    /** A registered host (autoOnboard unless told) with an instance of the profile matching `filter`. */
    const provisionable = async (filter: string, options: { autoOnboard?: boolean; body?: object } = {}) => {
      const node = newNode();
      const host = (
        await f.call('POST', `${P}/compute/hosts/register`, {
          ...node,
          autoOnboard: options.autoOnboard ?? true,
        })
      ).json();
      const os = await profile(filter);
      const inst = await f.call('POST', `${P}/compute/instances`, {
        hostID: host.resourceId,
        osID: os.resourceId,
        securityFeature: os.securityFeature,
        ...options.body,
      });
      assert.equal(inst.statusCode, 200, inst.body);
      return { node, hostId: host.resourceId as string, os, agent: new ScriptedAgent(f, node) };
    };
    const instanceOf = async (hostId: string) =>
      (await f.call('GET', `${P}/compute/hosts/${hostId}`)).json().instance;

    test('Ubuntu (mutable): onboard, fetch, every step reported: Provisioned, user-data with the credential, none stored', async () => {
      const { hostId, agent } = await provisionable('osType=MUTABLE AND securityFeature=NONE', {
        body: {
          sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt0ZXN0a2V5 ops@example'],
          customCloudInit: '#cloud-config\nruncmd:\n  - echo hello\n',
        },
      });
      assert.equal(await agent.onboarded(), hostId);
      const workflow = await agent.workflow();
      assert.equal(workflow.state, 'ready');
      assert.equal(workflow.attempt, 1);
      assert.deepEqual(
        workflow.plan!.steps.map((s) => s.id),
        [
          'secure-boot-check',
          'driver-check',
          'erase-disk',
          'stream-image',
          'grow-root',
          'write-cloud-init',
          'set-boot-entry',
          'reboot',
        ],
      );
      const cloudInit = workflow.plan!.steps.find((s) => s.kind === 'write-cloud-init')!;
      assert.equal(cloudInit.kind, 'write-cloud-init');
      const userData = cloudInit.kind === 'write-cloud-init' ? cloudInit.params.userData : '';
      assert.match(userData, /^#cloud-config\n/);
      const doc = parse(userData);
      assert.equal(doc.hostname, hostId);
      assert.deepEqual(doc.ssh_authorized_keys, [
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt0ZXN0a2V5 ops@example',
      ]);
      assert.deepEqual(doc.runcmd, ['echo hello']);
      const agentConfig = parse(
        doc.write_files.find((w: { path: string }) => w.path === '/etc/edge-orch/agent.yaml').content,
      );
      assert.equal(agentConfig.credential, agent.credential);
      assert.equal(agentConfig.hostId, hostId);
      assert.equal(agentConfig.orchestratorUrl, ORCHESTRATOR_URL);
      assert.ok(
        doc.write_files.some((w: { path: string; content: string }) => w.content.includes('MIIBtest')),
      );
      const stored = await f.store.db
        .selectFrom('workflows')
        .selectAll()
        .where('host_id', '=', hostId)
        .executeTakeFirstOrThrow();
      assert.ok(!stored.plan!.includes(agent.credential), 'the stored snapshot has no credential');
      assert.ok(stored.plan!.includes(CREDENTIAL_PLACEHOLDER));
      const hostRow = await f.store.db
        .selectFrom('hosts')
        .selectAll()
        .where('resource_id', '=', hostId)
        .executeTakeFirstOrThrow();
      assert.notEqual(hostRow.credential_hash, agent.credential);
      assert.match(hostRow.credential_hash!, /^[0-9a-f]{64}$/);

      await agent.run({ stopBefore: 'grow-root' });
      const midway = await instanceOf(hostId);
      assert.equal(midway.provisioningStatus, 'Provisioning In Progress: 5/8: Growing root partition');
      assert.equal(midway.provisioning.bytesDone, 4 << 20);
      await agent.run();
      const done = await instanceOf(hostId);
      assert.equal(done.provisioningStatus, 'Provisioned');
      assert.equal(done.provisioningStatusIndicator, 'STATUS_INDICATION_IDLE');
      assert.equal(done.currentState, 'INSTANCE_STATE_RUNNING');
      assert.equal(done.provisioning.steps.length, 8);
      assert.ok(
        done.provisioning.steps.every(
          (s: { state: string; durationMs: number }) => s.state === 'succeeded' && s.durationMs >= 0,
        ),
      );
      const host = (await f.call('GET', `${P}/compute/hosts/${hostId}`)).json();
      assert.equal(host.hostStatus, 'Running');
      assert.equal(host.onboardingStatus, 'Onboarded');
      assert.deepEqual(host.hostNics, [
        { deviceName: 'enp1s0', macAddr: '52:54:00:12:34:56', pciIdentifier: '' },
      ]);
      assert.equal(host.hostStorages[0].capacityBytes, String(256 * 2 ** 30));
    });

    test('EMT with Secure Boot + FDE: the immutable plan with encryption, provisioned', async () => {
      const { agent, hostId } = await provisionable('osType=IMMUTABLE AND securityFeature=SB_FDE');
      await agent.onboarded();
      const workflow = await agent.run();
      assert.deepEqual(
        workflow.plan!.steps.map((s) => s.id),
        [
          'secure-boot-check',
          'driver-check',
          'erase-disk',
          'stream-image',
          'emt-layout',
          'encrypt-disk',
          'write-cloud-init',
          'set-boot-entry',
          'reboot',
        ],
      );
      const sb = workflow.plan!.steps[0]!;
      assert.deepEqual(sb.params, { expected: 'on' });
      const layout = workflow.plan!.steps.find((s) => s.kind === 'emt-layout')!;
      assert.equal(layout.kind === 'emt-layout' && layout.params.ramGiB, 16);
      assert.equal((await instanceOf(hostId)).provisioningStatus, 'Provisioned');
    });

    for (const [code, message, step] of [
      [
        'CHECKSUM_MISMATCH',
        'sha256 of the downloaded bytes is 00ff…, the profile says b9b6…',
        'stream-image',
      ],
      [
        'TLS_UNTRUSTED',
        "certificate not trusted: the image server's chain does not lead to the profile's certificate",
        'stream-image',
      ],
      ['SECURE_BOOT_MISMATCH', 'firmware Secure Boot is on, the profile expects off', 'secure-boot-check'],
    ] as const) {
      test(`a failed step keeps its code and message verbatim: ${code}`, async () => {
        const { agent, hostId } = await provisionable('osType=MUTABLE AND securityFeature=NONE');
        await agent.onboarded();
        await agent.run({ failAt: step, error: { code, message, retryable: false } });
        const inst = await instanceOf(hostId);
        const k = step === 'stream-image' ? 4 : 1;
        const text = step === 'stream-image' ? 'Streaming OS image' : 'Verifying Secure Boot setting';
        assert.equal(inst.provisioningStatus, `Provisioning Failed: ${k}/8: ${text} failed: ${message}`);
        assert.equal(inst.provisioningStatusIndicator, 'STATUS_INDICATION_ERROR');
        assert.deepEqual(inst.provisioning.error, { code, message, retryable: false, step });
        assert.equal(inst.instanceStatusDetail, message);
        assert.equal((await f.call('GET', `${P}/compute/hosts/${hostId}`)).json().hostStatus, 'Error');
        const workflow = await agent.workflow();
        assert.equal(workflow.state, 'failed');
        assert.equal(workflow.reason, message);
      });
    }

    test("hostStatus is one stored column: what list shows is what filters select (orch-cli's lifecycle words too)", async () => {
      /** The hosts among `ids` that `filter` selects, in id order. */
      const selected = async (filter: string, ids: string[]) => {
        const idTerm = ids.map((id) => `resourceId='${id}'`).join(' OR ');
        const q = encodeURIComponent(`(${filter}) AND (${idTerm})`);
        const res = await f.call('GET', `${P}/compute/hosts?filter=${q}&pageSize=100`);
        assert.equal(res.statusCode, 200, res.body);
        return res
          .json()
          .hosts.map((h: { resourceId: string }) => h.resourceId)
          .sort();
      };
      const statusOf = async (id: string) =>
        (await f.call('GET', `${P}/compute/hosts/${id}`)).json().hostStatus as string;
      const waiting = (await f.call('POST', `${P}/compute/hosts/register`, { ...newNode() })).json()
        .resourceId;
      const done = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      await done.agent.onboarded();
      await done.agent.run();
      const failing = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      await failing.agent.onboarded();
      await failing.agent.run({
        failAt: 'erase-disk',
        error: { code: 'TOOL_FAILED', message: 'wipefs failed', retryable: false },
      });
      const busy = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      await busy.agent.onboarded();
      await busy.agent.run({ stopBefore: 'reboot' });
      await busy.agent.report(1, 'reboot', 'running');
      const ids = [waiting, done.hostId, failing.hostId, busy.hostId];
      assert.deepEqual(await Promise.all(ids.map(statusOf)), [
        'Not Connected',
        'Running',
        'Error',
        'Rebooting',
      ]);
      const sorted = (...list: string[]) => [...list].sort();
      // The words list shows select the same hosts.
      assert.deepEqual(await selected("hostStatus='Running'", ids), [done.hostId]);
      assert.deepEqual(await selected("host_status='Error'", ids), [failing.hostId]);
      assert.deepEqual(await selected("hostStatus='Rebooting'", ids), [busy.hostId]);
      // orch-cli's predefined filters (list host --filter onboarded|registered|provisioned|error|"not connected").
      assert.deepEqual(
        await selected("hostStatus='onboarded'", ids),
        sorted(done.hostId, failing.hostId, busy.hostId),
      );
      assert.deepEqual(await selected("hostStatus='registered'", ids), [waiting]);
      assert.deepEqual(await selected("hostStatus='provisioned'", ids), [done.hostId]);
      assert.deepEqual(await selected("hostStatus='error'", ids), [failing.hostId]);
      assert.deepEqual(await selected("hostStatus=''", ids), [waiting]);
      assert.deepEqual(await selected("hostStatus='invalidated'", ids), []);
      assert.deepEqual(await selected("hostStatus!='onboarded'", ids), [waiting]);
      // Reprovision re-arms: Booting again, until the new attempt ends.
      await f.call('POST', `${P}/compute/hosts/${done.hostId}/reprovision`);
      assert.equal(await statusOf(done.hostId), 'Booting');
      assert.deepEqual(await selected("hostStatus='provisioned'", ids), []);
      // No step left running for the timeout tests that share this clock.
      await busy.agent.report(1, 'reboot', 'succeeded');
      assert.equal(await statusOf(busy.hostId), 'Running');
    });

    test('duplicate, out-of-order and other-attempt events are harmless; reprovision starts attempt 2', async () => {
      const { agent, hostId } = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      await agent.onboarded();
      const wf = await agent.workflow();
      assert.deepEqual(await agent.report(1, 'secure-boot-check', 'running'), {
        accepted: true,
        state: 'running',
      });
      const dup = await agent.post({
        attempt: 1,
        seq: agent.seq,
        step: 'secure-boot-check',
        state: 'succeeded',
      });
      assert.deepEqual(dup.json(), { accepted: false, state: 'running' });
      assert.equal(
        (await agent.post({ attempt: 1, seq: 10, step: 'secure-boot-check', state: 'succeeded' })).json()
          .accepted,
        true,
      );
      const older = await agent.post({
        attempt: 1,
        seq: 5,
        step: 'driver-check',
        state: 'failed',
        error: { code: 'X', message: 'late', retryable: false },
      });
      assert.deepEqual(older.json(), { accepted: false, state: 'running' });
      const skipping = await agent.post({ attempt: 1, seq: 11, step: 'reboot', state: 'succeeded' });
      assert.equal(skipping.json().accepted, false, 'a step before it has not succeeded');
      const other = await agent.post({ attempt: 7, seq: 99, step: 'driver-check', state: 'running' });
      assert.equal(other.json().accepted, false);
      const resumed = await agent.workflow();
      assert.equal(resumed.lastSeq, 10);
      assert.equal(resumed.resumeFrom, 1);
      assert.equal(wf.attempt, 1);
      // Reprovision is refused while it runs, then re-arms once the attempt ended.
      const early = await f.call('POST', `${P}/compute/hosts/${hostId}/reprovision`);
      assert.equal(early.json().code, 'FailedPrecondition');
      await agent.run({
        failAt: 'erase-disk',
        error: { code: 'TARGET_IO', message: 'write failed at 4096', retryable: true },
      });
      const rearmed = await f.call('POST', `${P}/compute/hosts/${hostId}/reprovision`);
      assert.equal(rearmed.statusCode, 200, rearmed.body);
      assert.equal(rearmed.json().instance.provisioning.attempt, 2);
      const second = await agent.workflow();
      assert.equal(second.attempt, 2);
      assert.equal(second.state, 'ready');
      assert.equal(second.lastSeq, 0);
      const stale = await agent.post({ attempt: 1, seq: 50, step: 'secure-boot-check', state: 'running' });
      assert.equal(stale.json().accepted, false);
      await agent.run();
      const inst = await instanceOf(hostId);
      assert.equal(inst.provisioningStatus, 'Provisioned');
      assert.equal(inst.provisioning.attempt, 2);
    });

    test('a silent node fails its step with STEP_TIMEOUT naming the step', async () => {
      const { agent, hostId } = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      await agent.onboarded();
      const wf = await agent.workflow();
      await agent.report(1, 'secure-boot-check', 'running');
      await agent.report(1, 'secure-boot-check', 'succeeded');
      await agent.report(1, 'driver-check', 'running');
      await agent.report(1, 'driver-check', 'succeeded');
      await agent.report(1, 'erase-disk', 'running');
      await agent.report(1, 'erase-disk', 'succeeded');
      await agent.report(1, 'stream-image', 'running');
      const timeout = wf.plan!.steps.find((s) => s.id === 'stream-image')!.timeoutSeconds;
      f.advance((timeout - 1) * 1000);
      assert.equal(await f.app.provisioning.driver.sweep(), 0, 'not yet');
      await agent.report(1, 'stream-image', 'progress', { bytesDone: 1, bytesTotal: 2 });
      f.advance((timeout - 1) * 1000);
      assert.equal(await f.app.provisioning.driver.sweep(), 0, 'progress moved the deadline');
      f.advance(2000);
      assert.ok((await f.app.provisioning.driver.sweep()) >= 1);
      const inst = await instanceOf(hostId);
      assert.equal(inst.provisioning.error.code, 'STEP_TIMEOUT');
      assert.equal(
        inst.provisioningStatus,
        `Provisioning Failed: 4/8: Streaming OS image failed: step 4/8 "Streaming OS image" timed out: no word from the node for ${timeout} s`,
      );
      const late = await agent.post({
        attempt: 1,
        seq: agent.seq + 1,
        step: 'stream-image',
        state: 'succeeded',
      });
      assert.equal(late.json().accepted, false);
    });

    test('approval: 202 with Retry-After until approved, then a credential; a rotated credential replaces the old one', async () => {
      const { agent, hostId } = await provisionable('osType=MUTABLE AND securityFeature=NONE', {
        autoOnboard: false,
      });
      const waiting = await agent.onboard();
      assert.equal(waiting.statusCode, 202, waiting.body);
      assert.equal(waiting.headers['retry-after'], '30');
      assert.deepEqual(waiting.json(), {
        state: 'awaiting-approval',
        message: 'registered, waiting for approval',
        retryAfterSeconds: 30,
      });
      const host = (await f.call('GET', `${P}/compute/hosts/${hostId}`)).json();
      assert.equal(host.onboardingStatus, 'Waiting for approval');
      const approved = await f.call('PATCH', `${P}/compute/hosts/${hostId}/onboard`);
      assert.equal(approved.statusCode, 200);
      assert.equal(approved.body, '{}');
      await agent.onboarded();
      const first = agent.credential;
      await agent.onboarded();
      assert.notEqual(agent.credential, first);
      const old = await f.app.inject({
        method: 'GET',
        url: '/v1/agent/workflow',
        headers: { authorization: `Bearer ${first}` },
      });
      assert.equal(old.statusCode, 401);
      assert.equal((await agent.workflow()).state, 'ready');
    });

    test('unknown node 404 saying nothing; UUID and serial mismatches recorded and refused', async () => {
      const stranger = new ScriptedAgent(f, newNode());
      const unknown = await stranger.onboard();
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(unknown.json(), {
        code: 'NotFound',
        message: 'no host is registered for this node',
        retryable: false,
      });
      const { node, hostId } = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      const wrongUuid = new ScriptedAgent(f, {
        serialNumber: node.serialNumber,
        uuid: '11111111-2222-3333-4444-555555555555',
      });
      const refused = await wrongUuid.onboard();
      assert.equal(refused.json().code, 'FailedPrecondition', refused.body);
      const expected =
        'Host Registration Failed due to mismatch of UUID, Reported UUID is: 11111111-2222-3333-4444-555555555555';
      assert.equal(refused.json().message, expected);
      const host = (await f.call('GET', `${P}/compute/hosts/${hostId}`)).json();
      assert.equal(host.registrationStatus, expected);
      assert.equal(host.registrationStatusIndicator, 'STATUS_INDICATION_ERROR');
      const wrongSerial = new ScriptedAgent(f, { serialNumber: 'OTHER12345', uuid: node.uuid });
      const serialRefused = await wrongSerial.onboard();
      assert.equal(
        serialRefused.json().message,
        'Host Registration Failed due to mismatch of Serial Number, Reported Serial Number is: OTHER12345',
      );
    });

    test("a node credential reaches only its own host: 403 for another's, 401 without or revoked", async () => {
      const a = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      const b = await provisionable('osType=MUTABLE AND securityFeature=NONE');
      await a.agent.onboarded();
      await b.agent.onboarded();
      const cross = await a.agent.post({
        attempt: 1,
        seq: 1,
        step: 'secure-boot-check',
        state: 'running',
        hostId: b.hostId,
      });
      assert.equal(cross.statusCode, 403, cross.body);
      const crossRead = await f.app.inject({
        method: 'GET',
        url: `/v1/agent/workflow?hostId=${b.hostId}`,
        headers: { authorization: `Bearer ${a.agent.credential}` },
      });
      assert.equal(crossRead.statusCode, 403);
      assert.equal((await a.agent.workflow(`?hostId=${a.hostId}`)).plan!.hostId, a.hostId);
      assert.equal((await f.app.inject({ method: 'GET', url: '/v1/agent/workflow' })).statusCode, 401);
      const operator = await f.call('GET', '/v1/agent/workflow');
      assert.equal(operator.statusCode, 401, 'an operator token is not a node credential');
      const nodeOnApi = await f.call('GET', `${P}/compute/hosts`, undefined, a.agent.credential);
      assert.equal(nodeOnApi.statusCode, 401, 'a node credential is not an operator token');
      // Invalidating (or deleting) the host revokes its credential.
      const invalidated = await f.call('PUT', `${P}/compute/hosts/${a.hostId}/invalidate?note=stolen`);
      assert.equal(invalidated.statusCode, 200, invalidated.body);
      assert.equal(
        (await a.agent.post({ attempt: 1, seq: 1, step: 'secure-boot-check', state: 'running' })).statusCode,
        401,
      );
      assert.equal((await a.agent.onboard()).statusCode, 404);
    });

    test('a custom profile still being validated: the host waits in step 0, then provisions once it passes', async () => {
      const created = await f.call(
        'POST',
        `${P}/compute/os`,
        emtBody({ name: 'EMT pending', imageId: '3.0.1', validate: false }),
      );
      assert.equal(created.statusCode, 200, created.body);
      const osId = created.json().resourceId;
      const node = newNode();
      const host = (
        await f.call('POST', `${P}/compute/hosts/register`, { ...node, autoOnboard: true })
      ).json();
      const inst = await f.call('POST', `${P}/compute/instances`, { hostID: host.resourceId, osID: osId });
      assert.equal(inst.statusCode, 200, inst.body);
      assert.equal(
        inst.json().provisioningStatus,
        'Provisioning In Progress: 0/9: Waiting for image validation',
      );
      const agent = new ScriptedAgent(f, node);
      await agent.onboarded();
      const waiting = await agent.workflow();
      assert.equal(waiting.state, 'waiting');
      assert.equal(waiting.reason, 'Waiting for image validation');
      assert.equal(waiting.plan, null);
      const facts = {
        virtualSize: 8 * 2 ** 30,
        rootPartition: 2,
        partitions: [
          { number: 1, name: 'esp', fs: 'vfat', type: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B' },
          { number: 2, name: 'rootfs', fs: 'ext4' },
          { number: 3, name: 'edge_persistent', fs: 'ext4' },
        ],
      };
      await recordValidation(f.store, 'alpha', osId, { state: 'passed', checks: [], facts });
      const ready = await agent.workflow();
      assert.equal(ready.state, 'ready');
      const stream = ready.plan!.steps.find((s) => s.kind === 'stream-image')!;
      assert.equal(stream.kind === 'stream-image' && stream.params.expectedDiskBytes, 8 * 2 ** 30);
      // A later change of the profile does not touch the snapshot.
      await f.call('PATCH', `${P}/compute/os/${osId}`, { description: 'changed' });
      assert.deepEqual((await agent.workflow()).plan, ready.plan);
    });
  });
}
