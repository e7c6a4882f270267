/**
 * The en-agent program (a child process) against a real `orchd serve`, on SQLite and PostgreSQL,
 * when things go wrong after the profile was validated: the image replaced upstream (the stream
 * step fails CHECKSUM_MISMATCH; orchd's host status carries the reason; no partition table at
 * either end), the agent killed (SIGKILL) mid-stream and started again (it resumes where orchd says
 * and the disk is correct: `sgdisk -v`, and the written region's sha256 equal to the image's), and
 * an image server that cuts connections mid-body (the agent resumes its download; Provisioned).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestSchema, pgTestGate, type TestSchema } from '../support/pg-test-schema.js';
import { startEnAgent, runEnAgent } from '../support/edge-node/en-agent-process.js';
import {
  createProfileAndWait,
  readHost,
  registerNodeWithInstance,
  startOrchdForNodes,
  type OrchdForNodes,
} from '../support/edge-node/orchd-for-nodes.js';
import { gptSignatures, sgdiskCheck } from './support/disk-oracles.js';
import { osImageFixtures, serveImages, tempDir, type ImageEnv } from './support/step-kit.js';

const SECTOR = 512;
const pgGate = await pgTestGate();

/** sha256 of `[start, end)` of a file. */
async function rangeSha256(path: string, start: number, end: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { start, end: end - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

for (const store of ['sqlite', 'postgres'] as const) {
  describe(
    `en-agent against orchd serve on ${store}: faults after validation`,
    { skip: store === 'postgres' && pgGate },
    () => {
      let tmp: Awaited<ReturnType<typeof tempDir>>;
      let env: ImageEnv;
      let orchd: OrchdForNodes;
      let pg: TestSchema | undefined;
      let raw: { path: string; sha256: string };
      let nodes = 0;

      before(async () => {
      tmp = await tempDir(`agent-faults-${store}-`);
      env = await serveImages([
        { variant: 'ubuntu', encoding: 'raw', name: 'swapped.raw' },
        { variant: 'ubuntu', encoding: 'raw', name: 'slow.raw' },
        { variant: 'ubuntu', encoding: 'raw', name: 'flaky.raw' },
      ]);
      raw = await osImageFixtures().image('ubuntu', 'raw');
      if (store === 'postgres') pg = await createTestSchema('agent_faults');
      orchd = await startOrchdForNodes(tmp.dir, pg && `${pg.url}?schema=${pg.schema}`);
    }, { timeout: 600_000 }); // prettier-ignore

      after(async () => {
        await orchd?.close();
        await pg?.drop();
        await env?.close();
        await tmp?.dispose();
      });

      /** A validated profile of the served image `name`, and a fresh node with an instance of it. */
      async function nodeFor(name: string) {
        const image = env.images[name]!;
        const validation = await createProfileAndWait(orchd, {
          name: `faults ${name}`,
          profileName: `ubuntu-22.04-lts-${name.replace('.', '-')}`,
          imageUrl: image.url,
          imageId: '22.04.5',
          sha256: image.sha256,
          osType: 'MUTABLE',
          securityFeature: 'NONE',
          tlsCaCert: image.tlsCaCert,
        });
        assert.equal(
          validation.state,
          'passed',
          JSON.stringify(validation.checks.filter((c) => c.status !== 'pass')),
        );
        nodes += 1;
        const n = String(nodes).padStart(4, '0');
        const node = { uuid: `4c4c4544-0042-4a10-8052-00000000f${n.slice(1)}`, serialNumber: `FAULTS${n}` };
        const { hostId } = await registerNodeWithInstance(orchd, node, validation.profileId);
        const flags = {
          orchestrator: orchd.url,
          disk: join(tmp.dir, `${name}-${n}.img`),
          diskSize: '4G',
          uuid: node.uuid,
          serial: node.serialNumber,
          stateDir: join(tmp.dir, `${name}-${n}.state`),
        };
        return { hostId, flags };
      }

      test('the image replaced upstream after validation: CHECKSUM_MISMATCH in the host status, no GPT at either end', { timeout: 300_000 }, async () => {
      const { hostId, flags } = await nodeFor('swapped.raw');
      const other = await osImageFixtures().image('ubuntu', 'qcow2-v3');
      env.server.replace('/swapped.raw', { content: { file: other.path } });
      const agent = await runEnAgent(flags);
      assert.equal(agent.code, 1, agent.output);
      const reason = /provisioning failed: CHECKSUM_MISMATCH: (.*)/.exec(agent.output)?.[1];
      assert.ok(reason, agent.output);
      assert.match(reason, new RegExp(env.images['swapped.raw']!.sha256));
      const host = await readHost(orchd, hostId);
      assert.match(host.instance.provisioningStatus, /^Provisioning Failed: \d+\/\d+: /);
      assert.ok(host.instance.provisioningStatus.endsWith(reason), host.instance.provisioningStatus);
      assert.equal(host.instance.provisioningStatusIndicator, 'STATUS_INDICATION_ERROR');
      assert.deepEqual(await gptSignatures(flags.disk), { primary: false, backup: false });
    }); // prettier-ignore

      test('killed mid-stream and started again: resumes at the stream step as orchd says, a correct disk', { timeout: 300_000 }, async () => {
      const { hostId, flags } = await nodeFor('slow.raw');
      env.server.replace('/slow.raw', { content: { file: raw.path }, faults: { bytesPerSecond: 2 * 1024 * 1024 } });
      const before = env.server.requests.length; // validation's requests are not the agent's
      const first = startEnAgent(flags);
      // Kill it once the image is flowing to the disk (1 MiB sent over its requests, the stream
      // step not done: at 2 MiB/s the image takes about 10 s).
      for (let i = 0; ; i++) {
        const sent = env.server.requests
          .slice(before)
          .filter((r) => r.path === '/slow.raw' && r.method === 'GET')
          .reduce((sum, r) => sum + r.bytesSent, 0);
        if (sent > 1 << 20) break;
        assert.ok(i < 4800, `the stream never started:\n${first.lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(!first.lines.some((l) => /4\/8: done/.test(l)), `killed mid-stream:\n${first.lines.join('\n')}`);
      first.child.kill('SIGKILL');
      const killed = await first.exited;
      assert.equal(killed.signal, 'SIGKILL');
      const during = await readHost(orchd, hostId);
      assert.match(during.instance.provisioningStatus, /Streaming|stream/i, 'orchd still shows the stream step running');
      env.server.replace('/slow.raw', { content: { file: raw.path } });
      const second = await runEnAgent(flags);
      assert.equal(second.code, 0, second.output);
      assert.match(second.output, /resuming at step \d+ of \d+ as orchd says/);
      assert.doesNotMatch(second.output, /onboarded as host/, 'the saved credential is used, no new onboarding');
      const host = await readHost(orchd, hostId);
      assert.equal(host.instance.provisioningStatus, 'Provisioned');
      await sgdiskCheck(flags.disk);
      // Between the primary GPT (LBA 0-33, rewritten by grow-root) and the image's own backup GPT
      // (its last 33 sectors, moved to the disk's end), the disk holds the image byte for byte.
      const size = (await stat(raw.path)).size;
      const start = 34 * SECTOR;
      const end = size - 33 * SECTOR;
      assert.equal(await rangeSha256(flags.disk, start, end), await rangeSha256(raw.path, start, end));
    }); // prettier-ignore

      test('an image server cutting connections mid-body: the agent resumes its download and ends Provisioned', { timeout: 300_000 }, async () => {
      const { hostId, flags } = await nodeFor('flaky.raw');
      env.server.replace('/flaky.raw', { content: { file: raw.path }, faults: { dropAt: [100_000, 3_000_000, 9_000_000] } });
      const seen = env.server.requests.length;
      const agent = await runEnAgent(flags);
      assert.equal(agent.code, 0, agent.output);
      const cut = env.server.requests.slice(seen).filter((r) => r.path === '/flaky.raw' && r.outcome === 'dropped');
      assert.equal(cut.length, 3, 'three connections were cut');
      assert.ok(env.server.requests.slice(seen).some((r) => r.path === '/flaky.raw' && r.status === 206), 'resumed with a Range request');
      const host = await readHost(orchd, hostId);
      assert.equal(host.instance.provisioningStatus, 'Provisioned');
      await sgdiskCheck(flags.disk);
      const size = (await stat(raw.path)).size;
      assert.equal(await rangeSha256(flags.disk, 34 * SECTOR, size - 33 * SECTOR), await rangeSha256(raw.path, 34 * SECTOR, size - 33 * SECTOR));
    }); // prettier-ignore
    },
  );
}
