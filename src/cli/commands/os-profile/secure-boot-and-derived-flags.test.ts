import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fakeCliIo } from '../../fake-cli-io.js';
import { runCli } from '../../program.js';

const dir = await mkdtemp(join(tmpdir(), 'orch-cli-sb-flags-'));
after(() => rm(dir, { recursive: true, force: true }));

const SHA = '7c8a7f7a2f0b1c1d5c8f0e3a6b4d2e1f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
const HASH = 'ab'.repeat(32);

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown> | undefined;
}

/** An io over a fake orchd that records every request and answers `answer` (default 404). */
function recordingIo(
  answer?: (method: string, path: string) => { status: number; text: string } | undefined,
) {
  const sent: Sent[] = [];
  const { io, err } = fakeCliIo(dir, {
    transport: () => async (method, url, _headers, body) => {
      sent.push({ method, path: url.pathname, body: body === undefined ? undefined : JSON.parse(body) });
      return (
        answer?.(method, url.pathname) ?? { status: 404, text: '{"code":"NotFound","message":"not here"}' }
      );
    },
  });
  return { io, sent, err };
}

describe('os-profile validate --image-url (dry run)', () => {
  it('derives the profile name and version from the image file as create does, and says so', async () => {
    const { io, sent, err } = recordingIo();
    await runCli(
      ['os-profile', 'validate', '--image-url', 'https://images.example.com/ubuntu-22.04.5-server-cloudimg-amd64.img',
        '--checksum', SHA, '--type', 'MUTABLE'], // prettier-ignore
      io,
    );
    const body = sent.find((s) => s.path.endsWith('/validate-image'))?.body;
    assert.equal(body?.['profileName'], 'ubuntu-22.04.5-server-cloudimg-amd64');
    assert.equal(body?.['imageId'], '22.04.5');
    assert.match(err(), /--profile-name not given: using "ubuntu-22\.04\.5-server-cloudimg-amd64"/);
    assert.match(err(), /--os-version not given: using "22\.04\.5"/);
  });

  it('a field that is really missing is a usage error (exit 2) before any request', async () => {
    const { io, sent, err } = recordingIo();
    const code = await runCli(
      ['os-profile', 'validate', '--image-url', 'https://images.example.com/disk.raw', '--type', 'MUTABLE'],
      io,
    );
    assert.equal(code, 2);
    assert.deepEqual(sent, []);
    assert.match(err(), /sha256 is required/);
    assert.match(err(), /imageId \(the OS image version, e\.g\. 22\.04\.5\) is required/);
  });
});

describe('Secure Boot policy flags', () => {
  it('create sends the db, dbx, MOK and SBAT level from flags and files', async () => {
    await writeFile(join(dir, 'db.pem'), 'DB PEM TEXT');
    await writeFile(join(dir, 'dbx.txt'), `sha256:${HASH}\n`);
    const { io, sent } = recordingIo();
    await runCli(
      ['os-profile', 'create', '--name', 'Ubuntu 22.04 custom', '--type', 'MUTABLE',
        '--image-url', 'https://images.example.com/jammy.img', '--checksum', SHA, '--os-version', '22.04.5',
        '--secure-boot-cert-file', join(dir, 'db.pem'), '--secure-boot-dbx-file', join(dir, 'dbx.txt'),
        '--secure-boot-mok-cert', 'MOK', '--sbat-level', 'sbat,1,2024010900'], // prettier-ignore
      io,
    );
    // Core's rules run first: the stand-in certificate texts are refused before any request.
    assert.deepEqual(sent, []);
    const ok = recordingIo();
    await runCli(
      ['os-profile', 'create', '--name', 'Ubuntu 22.04 custom', '--type', 'MUTABLE',
        '--image-url', 'https://images.example.com/jammy.img', '--checksum', SHA, '--os-version', '22.04.5',
        '--secure-boot-dbx-file', join(dir, 'dbx.txt'), '--sbat-level', 'sbat,1,2024010900'], // prettier-ignore
      ok.io,
    );
    const body = ok.sent.find((s) => s.method === 'POST')?.body;
    assert.equal(body?.['secureBootDbx'], `sha256:${HASH}\n`);
    assert.equal(body?.['sbatLevel'], 'sbat,1,2024010900');
    assert.equal(body?.['profileName'], 'ubuntu-22.04-custom');
  });

  it('update sends a Secure Boot change; both forms of one flag, or an unreadable file, exit 2', async () => {
    const profile = { resourceId: 'os-1a2b3c4d', name: 'Ubuntu 22.04 custom' };
    const { io, sent } = recordingIo((method) =>
      method === 'GET' ? { status: 200, text: JSON.stringify(profile) } : undefined,
    );
    await runCli(['os-profile', 'update', 'os-1a2b3c4d', '--sbat-level', 'sbat,1,2024010900\ngrub,4'], io);
    assert.deepEqual(
      sent.map((s) => [s.method, s.body]),
      [
        ['GET', undefined],
        ['PATCH', { sbatLevel: 'sbat,1,2024010900\ngrub,4' }],
      ],
    );
    const both = recordingIo();
    const code = await runCli(
      ['os-profile', 'update', 'os-1a2b3c4d', '--secure-boot-dbx', HASH, '--secure-boot-dbx-file', 'dbx.txt'],
      both.io,
    );
    assert.equal(code, 2);
    assert.match(both.err(), /give either --secure-boot-dbx or --secure-boot-dbx-file, not both/);
    const missing = recordingIo();
    assert.equal(
      await runCli(
        ['os-profile', 'update', 'os-1a2b3c4d', '--secure-boot-cert-file', join(dir, 'nope.pem')],
        missing.io,
      ),
      2,
    );
    assert.match(missing.err(), /cannot read --secure-boot-cert-file/);
    const bad = recordingIo();
    assert.equal(await runCli(['os-profile', 'update', 'os-1a2b3c4d', '--sbat-level', 'grub'], bad.io), 1);
    assert.match(bad.err(), /sbatLevel line 1 "grub" is not component_name,component_generation/);
    assert.deepEqual(bad.sent, []);
  });
});
