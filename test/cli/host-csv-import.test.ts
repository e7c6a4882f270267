import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_CSV_HEADER } from '../../src/cli/host/host-csv.js';
import { serverBackends } from '../server/support/server-backends.js';
import {
  newNode,
  startProvisioningFixture,
  type ProvisioningFixture,
} from '../server/provisioning/provisioning-fixture.js';
import { runOrchCli } from './support/cli-process.js';
import { runInProcess, type InProcessTarget } from './support/in-process-cli.js';

const slots = await serverBackends('hostcsv');
const P = '/v1/projects/default';

for (const slot of slots) {
  describe(`orch-cli host CSV against orchd on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    let target: InProcessTarget;
    let ubuntu: string;
    let emtSecure: string;
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      assert.equal((await f.call('POST', '/v1/projects', { name: 'default' })).statusCode, 201);
      await f.app.listen({ host: '127.0.0.1', port: 0 });
      const dir = await mkdtemp(join(tmpdir(), 'orch-cli-csv-'));
      target = {
        url: `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`,
        token: await f.token('default', 'write'),
        dir,
      };
      const name = async (filter: string) =>
        (await f.call('GET', `${P}/compute/os?filter=${encodeURIComponent(filter)}`)).json()
          .OperatingSystemResources[0].name as string;
      ubuntu = await name('osType=MUTABLE AND securityFeature=NONE');
      emtSecure = await name('osType=IMMUTABLE AND securityFeature=SB_FDE');
    });
    after(async () => {
      await f?.close();
      await rm(target?.dir ?? '/nonexistent', { recursive: true, force: true });
      await slot.backend?.dispose();
    });
    const cli = (args: readonly string[]) => runInProcess(target, args);
    const file = (name: string) => join(target.dir, name);

    test("--generate-csv writes EMF's header (default test.csv is not needed; an existing file is kept)", async () => {
      const r = await cli(['create', 'host', `--generate-csv=${file('new.csv')}`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await readFile(file('new.csv'), 'utf8'), HOST_CSV_HEADER);
      const again = await cli(['create', 'host', '--generate-csv', file('new.csv')]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /it exists already/);
    });

    test('dry run: orchd checks each row; failed rows go to <f>.errors.csv with the Error column; nothing is created', async () => {
      const taken = newNode();
      const reg = await f.call('POST', `${P}/compute/hosts/register`, { ...taken, autoOnboard: true });
      assert.equal(reg.statusCode, 200, reg.body);
      const [a, b, c, d] = [newNode(), newNode(), newNode(), newNode()];
      const rows = [
        `${a.serialNumber},${a.uuid},"${ubuntu}",,false,,rack=r1&row=2,,`,
        `${b.serialNumber},${b.uuid},no such profile,,,,,,`,
        `${taken.serialNumber},${taken.uuid},"${ubuntu}",,,,,,`,
        `${c.serialNumber},${c.uuid},"${ubuntu}",,true,,,,`,
        `bad!,${d.uuid},"${emtSecure}",,true,,,,`,
        `${d.serialNumber},${d.uuid},"${emtSecure}",,true,,,,`,
      ];
      await writeFile(file('hosts.csv'), `\ufeff${HOST_CSV_HEADER}${rows.join('\r\n')}\r\n`);
      const before = (await f.call('GET', `${P}/compute/hosts`)).json().totalElements;
      const r = await cli(['create', 'host', '--import-from-csv', file('hosts.csv'), '--dry-run']);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'line 2: ok');
      assert.match(lines[1]!, /^line 3: failed: .*no such profile.*not found/);
      assert.match(
        lines[2]!,
        new RegExp(`^line 4: failed: .*${taken.serialNumber}|^line 4: failed: .*${taken.uuid}`),
      );
      assert.match(lines[3]!, /^line 5: failed: .*OS Profile and Security feature mismatch/);
      assert.equal(lines[4], 'line 6: failed: "bad!" is not a serial number (5 to 20 letters and digits)');
      assert.equal(lines[5], 'line 7: ok');
      assert.equal(lines[6], undefined);
      assert.equal(
        r.stderr
          .split('\n')
          .filter((l) => !l.startsWith('note: '))
          .join('\n'),
        `error: 2 of 6 hosts would be created; 4 rows failed, written to ${file('hosts.errors.csv')}\n`,
      );
      const errors = (await readFile(file('hosts.errors.csv'), 'utf8')).split('\n');
      assert.equal(errors[0], HOST_CSV_HEADER.trim());
      assert.equal(errors.length, 6, 'header, four rows, final newline');
      assert.equal(
        errors[1],
        `${b.serialNumber},${b.uuid},no such profile,,,,,,,,,,"OS profile ""no such profile"" not found in project ""default"" (by name or resourceId)"`,
      );
      assert.equal(
        errors[2],
        `${taken.serialNumber},${taken.uuid},${ubuntu},,,,,,,,,,a host with uuid ${taken.uuid} is already registered: ${reg.json().resourceId}`,
      );
      assert.equal(
        errors[4],
        `bad!,${d.uuid},${emtSecure},,true,,,,,,,,"""bad!"" is not a serial number (5 to 20 letters and digits)"`,
      );
      assert.equal(
        (await f.call('GET', `${P}/compute/hosts`)).json().totalElements,
        before,
        'a dry run creates nothing',
      );

      const json = await cli([
        'create',
        'host',
        '--import-from-csv',
        file('hosts.csv'),
        '--dry-run',
        '-o',
        'json',
      ]);
      assert.equal(json.code, 1);
      const summary = JSON.parse(json.stdout);
      assert.equal(summary.okCount, 2);
      assert.equal(summary.failedCount, 4);
      assert.equal(summary.rows[1].errors[0].code, 'NotFound');
    });

    test('import: the server check first, then one line per host created; failures to the errors file; exit 1', async () => {
      const [a, b] = [newNode(), newNode()];
      await writeFile(
        file('import.csv'),
        `${HOST_CSV_HEADER}${a.serialNumber},${a.uuid},"${ubuntu}",,,,k=v,,\n${b.serialNumber},,missing profile,,,,,,\n`,
      );
      const r = await cli(['create', 'host', '--import-from-csv', file('import.csv')]);
      assert.equal(r.code, 1, r.stderr);
      const [first, second] = r.stdout.trimEnd().split('\n');
      assert.match(
        first!,
        new RegExp(
          `^line 2: host (host-[0-9a-f]{8}) created \\(serial ${a.serialNumber}, uuid ${a.uuid}\\) with OS profile ".*" \\(os-[0-9a-f]{8}\\)$`,
        ),
      );
      assert.match(second!, /^line 3: failed: .*missing profile.*not found/);
      const id = /host (host-[0-9a-f]{8})/.exec(first!)![1]!;
      const host = (await f.call('GET', `${P}/compute/hosts/${id}`)).json();
      assert.equal(host.instance.os.name, ubuntu);
      assert.deepEqual(host.metadata, [{ key: 'k', value: 'v' }]);
      const errors = await readFile(file('import.errors.csv'), 'utf8');
      assert.match(
        errors,
        new RegExp(`^${HOST_CSV_HEADER}${b.serialNumber},,missing profile,,,,,,,,,,.*not found.*\\n$`),
      );

      const retried = await cli(['create', 'host', '--import-from-csv', file('import.csv'), '--dry-run']);
      assert.equal(retried.code, 1);
      assert.match(retried.stdout, /^line 2: failed: /, 'the host exists now: the check says so');
    });

    test('bad metadata: the CSV import refuses it with the code and message the API gives the same text', async () => {
      const texts = ['novalue', '=v', 'Env=x', 'env=Lab', 'env=a&env=b', `env=${'a'.repeat(64)}`, 'k=v&'];
      const nodes = texts.map(() => newNode());
      const lines = texts.map(
        (text, i) => `${nodes[i]!.serialNumber},${nodes[i]!.uuid},"${ubuntu}",,,,${text},,`,
      );
      await writeFile(file('metadata.csv'), `${HOST_CSV_HEADER}${lines.join('\n')}\n`);
      const r = await cli([
        'create',
        'host',
        '--import-from-csv',
        file('metadata.csv'),
        '--dry-run',
        '-o',
        'json',
      ]);
      assert.equal(r.code, 1, r.stderr);
      const refusal = (e: { code: string; message: string }) => ({ code: e.code, message: e.message });
      const byCsv = (JSON.parse(r.stdout).rows as { errors: { code: string; message: string }[] }[]).map(
        (row) => row.errors.map(refusal),
      );
      const checked = await f.call('POST', `${P}/compute/hosts/import-check`, {
        rows: texts.map((metadata, i) => ({ line: i + 2, ...nodes[i]!, osProfile: ubuntu, metadata })),
      });
      assert.equal(checked.statusCode, 200, checked.body);
      const byApi = (checked.json().rows as { errors: { code: string; message: string }[] }[]).map((row) =>
        row.errors.map(refusal),
      );
      assert.deepEqual(byCsv, byApi);
      assert.deepEqual(
        byCsv.map((errors) => errors.map((e) => e.code)),
        texts.map(() => ['InvalidArgument']),
      );
      assert.match(byCsv[2]![0]!.message, /^metadata key "Env" must be lower-case/);
      assert.match(byCsv[6]![0]!.message, /^metadata pair 2 "" is not key=value/);
      // A host's metadata set through the API as pairs: the same code and message for the same pairs.
      const host = (await f.call('POST', `${P}/compute/hosts/register`, { ...newNode() })).json();
      for (const i of [2, 3, 4, 5]) {
        const metadata = texts[i]!.split('&').map((pair) => {
          const [key, value] = pair.split('=') as [string, string];
          return { key, value };
        });
        const patched = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}`, { metadata });
        assert.equal(patched.statusCode, 400, patched.body);
        assert.deepEqual(refusal(patched.json()), byCsv[i]![0], texts[i]);
      }
    });

    test('usage errors exit 2 before any request: not a host CSV, an open quote, a missing file, flags mixed', async () => {
      await writeFile(file('other.csv'), 'Name,ResourceID\nx,y\n');
      await writeFile(file('open.csv'), `${HOST_CSV_HEADER}SN0001,,"Ubuntu\n`);
      for (const [args, message] of [
        [['--import-from-csv', file('other.csv')], /line 1: the first line must be EMF's header/],
        [['--import-from-csv', file('open.csv')], /line 2: a quoted field is not closed/],
        [['--import-from-csv', file('none.csv')], /cannot read .*none\.csv/],
        [['--import-from-csv', file('other.csv'), '--serial', 'SN0001'], /not both/],
        [['--dry-run', '--serial', 'SN0001', '--os-profile', 'x'], /--dry-run goes with --import-from-csv/],
      ] as const) {
        const r = await cli(['create', 'host', ...args]);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
      }
    });

    test('the real orch-cli binary: an all-good dry run exits 0', async () => {
      const a = newNode();
      await writeFile(file('good.csv'), `${HOST_CSV_HEADER}${a.serialNumber},${a.uuid},"${ubuntu}"\n`);
      const r = await runOrchCli(['create', 'host', '--import-from-csv', file('good.csv'), '--dry-run'], {
        env: {
          ORCH_CLI_CONFIG: join(target.dir, 'config.yaml'),
          ORCH_API_ENDPOINT: target.url,
          ORCH_TOKEN: target.token,
        },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'line 2: ok\n1 of 1 hosts would be created\n');
    });
  });
}
