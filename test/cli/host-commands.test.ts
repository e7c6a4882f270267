import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverBackends } from '../server/support/server-backends.js';
import {
  ScriptedAgent,
  newNode,
  startProvisioningFixture,
  type ProvisioningFixture,
} from '../server/provisioning/provisioning-fixture.js';
import {
  runInProcess,
  signal,
  type InProcessOptions,
  type InProcessTarget,
} from './support/in-process-cli.js';

const slots = await serverBackends('hostcli');
const P = '/v1/projects/default';

/** `--serial S --uuid U --os-profile P`: the node (either id may be left out) and its OS profile. */
const nodeFlags = (node: { serialNumber?: string; uuid?: string }, osProfile: string): string[] => [
  ...(node.serialNumber ? ['--serial', node.serialNumber] : []),
  ...(node.uuid ? ['--uuid', node.uuid] : []),
  '--os-profile',
  osProfile,
];

for (const slot of slots) {
  describe(`orch-cli hosts against orchd on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    let target: InProcessTarget;
    let ubuntu: { name: string; resourceId: string };
    let emtSecure: { name: string; resourceId: string };
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      assert.equal((await f.call('POST', '/v1/projects', { name: 'default' })).statusCode, 201);
      await f.app.listen({ host: '127.0.0.1', port: 0 });
      const dir = await mkdtemp(join(tmpdir(), 'orch-cli-hosts-'));
      const token = await f.token('default', 'write');
      target = { url: `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`, token, dir };
      const profile = async (filter: string) =>
        (await f.call('GET', `${P}/compute/os?filter=${encodeURIComponent(filter)}`)).json()
          .OperatingSystemResources[0];
      ubuntu = await profile('osType=MUTABLE AND securityFeature=NONE');
      emtSecure = await profile('osType=IMMUTABLE AND securityFeature=SB_FDE');
    });
    after(async () => {
      await f?.close();
      await rm(target?.dir ?? '/nonexistent', { recursive: true, force: true });
      await slot.backend?.dispose();
    });
    const cli = (args: readonly string[], options?: { terminal?: boolean }) =>
      runInProcess(target, args, options);

    test('create host: register, instance, name and site; list, get by id, name and serial', async () => {
      const node = newNode();
      const site = (await f.call('POST', `${P}/regions`, { name: 'eu' })).json();
      const created = await f.call('POST', `${P}/regions/${site.resourceId}/sites`, { name: 'lab' });
      assert.equal(created.statusCode, 200, created.body);
      const keyFile = join(target.dir, 'id.pub');
      await writeFile(keyFile, '# ops\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt0ZXN0a2V5 ops@example\n');
      const r = await cli([
        'create', 'host', 'edge-1', ...nodeFlags(node, ubuntu.name),
        '--site', 'lab', '--ssh-key', keyFile, '--metadata', 'rack=r1&row=2',
      ]); // prettier-ignore
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        new RegExp(
          `^host "edge-1" \\(host-[0-9a-f]{8}\\) created with OS profile "${ubuntu.name.replace(/[.()]/g, '\\$&')}" \\(${ubuntu.resourceId}\\)\\n$`,
        ),
      );
      const id = /\((host-[0-9a-f]{8})\)/.exec(r.stdout)![1]!;
      const host = (await f.call('GET', `${P}/compute/hosts/${id}`)).json();
      assert.equal(host.name, 'edge-1');
      assert.equal(host.site.name, 'lab');
      assert.deepEqual(host.metadata, [
        { key: 'rack', value: 'r1' },
        { key: 'row', value: '2' },
      ]);
      assert.equal(host.instance.osID, ubuntu.resourceId);
      assert.equal(host.autoOnboard, true);

      const list = await cli(['list', 'hosts']);
      assert.equal(list.code, 0, list.stderr);
      const [header, ...rows] = list.stdout.trimEnd().split('\n');
      assert.match(
        header!,
        /^RESOURCE ID\s+NAME\s+HOST STATUS\s+PROVISIONING STATUS\s+SERIAL NUMBER\s+OPERATING SYSTEM\s+SITE ID\s+SITE NAME$/,
      );
      const row = rows.find((line) => line.startsWith(id));
      assert.ok(row, list.stdout);
      assert.match(
        row,
        new RegExp(`edge-1\\s+Not Connected\\s+${host.instance.provisioningStatus}\\s+${node.serialNumber}`),
      );
      assert.match(row, new RegExp(`${host.siteId}\\s+lab$`));

      const json = await cli(['host', 'list', '-f', `serialNumber='${node.serialNumber}'`, '-o', 'json']);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(
        JSON.parse(json.stdout).map((h: { resourceId: string }) => h.resourceId),
        [id],
      );

      for (const ref of [id, 'edge-1', node.serialNumber]) {
        const got = await cli(['get', 'host', ref]);
        assert.equal(got.code, 0, got.stderr);
        assert.match(got.stdout, new RegExp(`^Resource ID: +${id}$`, 'm'));
        assert.match(got.stdout, /^Site: +lab \(site-[0-9a-f]{8}\)$/m);
      }
      const yaml = await cli(['host', 'get', id, '-o', 'yaml']);
      assert.match(yaml.stdout, new RegExp(`^resourceId: ${id}$`, 'm'));
    });

    test('bad input: unknown profile, duplicate host, Secure without SB_FDE, no serial or UUID, unknown site', async () => {
      const node = newNode();
      const unknown = await cli([
        'create',
        'host',
        ...nodeFlags({ serialNumber: node.serialNumber }, 'no such profile'),
      ]);
      assert.equal(unknown.code, 1);
      assert.equal(unknown.stderr, 'error: OS profile "no such profile" not found in project "default"\n');

      const first = await cli(['host', 'create', 'dup', ...nodeFlags(node, ubuntu.resourceId)]);
      assert.equal(first.code, 0, first.stderr);
      const again = await cli(['create', 'host', 'dup', ...nodeFlags(node, ubuntu.resourceId)]);
      assert.equal(again.code, 1);
      assert.match(
        again.stderr,
        /^error: host "dup" \(host-[0-9a-f]{8}\) with this serial number and UUID is registered already and has an instance \(inst-[0-9a-f]{8}\)/,
      );

      const other = newNode();
      const secure = await cli([
        'create',
        'host',
        ...nodeFlags({ uuid: other.uuid }, ubuntu.name),
        '--secure',
      ]);
      assert.equal(secure.code, 1);
      assert.match(
        secure.stderr,
        /^error: OS Profile and Security feature mismatch: OS profile ".*" \(os-[0-9a-f]{8}\) has no Secure Boot and full disk encryption/,
      );
      const badMetadata = await cli([
        'create',
        'host',
        ...nodeFlags(other, ubuntu.name),
        '--metadata',
        'rack=r1',
        '--metadata',
        'Row=2',
      ]);
      assert.equal(badMetadata.code, 2, 'refused before any request, by the rules orchd applies');
      assert.match(badMetadata.stderr, /^error: --metadata: metadata key "Row" must be lower-case/);
      const noNode = await cli(['create', 'host', 'x', '--os-profile', ubuntu.name]);
      assert.equal(noNode.code, 2);
      assert.match(noNode.stderr, /give --serial, --uuid or both/);
      const noSite = await cli([
        'create',
        'host',
        ...nodeFlags({ uuid: other.uuid }, ubuntu.name),
        '--site',
        'nowhere',
      ]);
      assert.equal(noSite.code, 1);
      assert.equal(noSite.stderr, 'error: site "nowhere" not found in project "default"\n');
      const secureOk = await cli([
        'create',
        'host',
        ...nodeFlags({ uuid: other.uuid }, emtSecure.name),
        '--secure',
        '-o',
        'json',
      ]);
      assert.equal(secureOk.code, 0, secureOk.stderr);
      assert.equal(
        JSON.parse(secureOk.stdout).instance.securityFeature,
        'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
      );
    });

    test('a node registered before without an instance is reused (EMF: FailedPrecondition, then lookup)', async () => {
      const node = newNode();
      const registered = await f.call('POST', `${P}/compute/hosts/register`, { ...node, autoOnboard: true });
      assert.equal(registered.statusCode, 200, registered.body);
      const r = await cli(['create', 'host', 'again', ...nodeFlags(node, ubuntu.name)]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        new RegExp(
          `^host "again" \\(${registered.json().resourceId}\\) registered already; instance created with`,
        ),
      );
    });

    test('--no-auto-onboard, then host approve; delete refused with an instance, --with-instance deletes', async () => {
      const node = newNode();
      const r = await cli([
        'host',
        'create',
        'gated',
        ...nodeFlags({ serialNumber: node.serialNumber }, ubuntu.name),
        '--no-auto-onboard',
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /\(approve it with: orch-cli host approve\)\n$/);
      const agent = new ScriptedAgent(f, node);
      assert.equal((await agent.onboard()).statusCode, 202);
      const approved = await cli(['host', 'approve', 'gated']);
      assert.equal(approved.code, 0, approved.stderr);
      assert.match(approved.stdout, /^host "gated" \(host-[0-9a-f]{8}\) approved\n$/);
      assert.equal((await agent.onboard()).statusCode, 200);

      const refused = await cli(['delete', 'host', 'gated', '--yes']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^error: .*instance/);
      const noYes = await cli(['delete', 'host', 'gated']);
      assert.equal(noYes.code, 2);
      const deleted = await cli(['host', 'delete', node.serialNumber, '--yes', '--with-instance']);
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.match(deleted.stdout, /^host "gated" \(host-[0-9a-f]{8}\) deleted\n$/);
      const gone = await cli(['get', 'host', 'gated']);
      assert.equal(gone.code, 1);
      assert.equal(gone.stderr, 'error: host "gated" not found in project "default"\n');
    });

    test('host watch: a scripted node provisions (exit 0); one failing a step exits 1 with its reason; reprovision', async () => {
      // A project of its own: --all waits for every host of the project to end.
      assert.equal((await f.call('POST', '/v1/projects', { name: 'watch' })).statusCode, 201);
      const own = { ...target, token: await f.token('watch', 'write') };
      const cli = (args: readonly string[], options?: InProcessOptions) =>
        runInProcess(own, [...args, '-p', 'watch'], options);
      const good = newNode();
      const bad = newNode();
      for (const [name, node] of [
        ['w-good', good],
        ['w-bad', bad],
      ] as const) {
        const r = await cli(['create', 'host', name, ...nodeFlags(node, ubuntu.name)]);
        assert.equal(r.code, 0, r.stderr);
      }
      const opened = signal();
      const watchGood = cli(['host', 'watch', 'w-good'], { onStreamOpen: opened.fire });
      await opened.promise;
      const agent = new ScriptedAgent(f, good);
      await agent.onboarded();
      await agent.run();
      const ok = await watchGood;
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /^host-[0-9a-f]{8} \(w-good\): Provisioned\n$/);
      assert.match(ok.stderr, /w-good\): Provisioning In Progress: 4\/8: Streaming OS image/);

      const badOpened = signal();
      const watchBad = cli(['host', 'watch', 'w-bad', '-o', 'json'], { onStreamOpen: badOpened.fire });
      await badOpened.promise;
      const failing = new ScriptedAgent(f, bad);
      await failing.onboarded();
      const reason = 'sha256 of the downloaded bytes is 00ff…, the profile says b9b6…';
      await failing.run({
        failAt: 'stream-image',
        error: { code: 'CHECKSUM_MISMATCH', message: reason, retryable: false },
      });
      const failed = await watchBad;
      assert.equal(failed.code, 1);
      const events = failed.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.equal(events[0].event, 'host');
      assert.ok(events.every((e: { id: string | null }) => e.id !== null));
      const last = events.at(-1);
      assert.equal(last.event, 'provisioning');
      assert.equal(last.data.provisioning.error.code, 'CHECKSUM_MISMATCH');
      assert.equal(
        failed.stderr,
        `error: 1 of 1 hosts failed\n${last.data.hostId} (w-bad): Provisioning Failed: 4/8: Streaming OS image failed: ${reason} [CHECKSUM_MISMATCH]\n`,
      );

      const again = await cli(['host', 'watch', 'w-bad']);
      assert.equal(again.code, 1, 'a host that failed before exits 1 at once');
      const rearmed = await cli(['host', 'reprovision', 'w-bad']);
      assert.equal(rearmed.code, 0, rearmed.stderr);
      assert.match(rearmed.stdout, /^host "w-bad" \(host-[0-9a-f]{8}\) re-armed: /);
      const allOpened = signal();
      const watchAll = cli(['host', 'watch', '--all'], { terminal: true, onStreamOpen: allOpened.fire });
      await allOpened.promise;
      await failing.run();
      const all = await watchAll;
      assert.equal(all.code, 0, all.stderr);
      assert.match(
        all.stdout,
        /^host-[0-9a-f]{8} \(w-good\): Provisioned\nhost-[0-9a-f]{8} \(w-bad\): Provisioned\n$|^host-[0-9a-f]{8} \(w-bad\): Provisioned\nhost-[0-9a-f]{8} \(w-good\): Provisioned\n$/,
      );
      assert.match(all.terminal, /w-bad\) +\[=+\] Provisioned/, 'a bar per host on the terminal');
      assert.equal(all.stderr, '', 'bars, not lines, when stderr is a terminal');
    });
  });
}
