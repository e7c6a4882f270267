import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isOrchError } from '../../../src/core/errors/index.js';
import { inspectAuthenticode, readUkiCmdline } from '../../../src/image/authenticode/index.js';
import { bufferSource, parseOsRelease } from '../../../src/image/fs/index.js';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import { buildPe } from './pe-builder.js';
import { selfSigned } from './signing-keys.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const CMDLINE =
  'root=/dev/mapper/rootfs_verity boot_uuid=0f5d2c4e-8b1a-4c3e-9d7f-2a6b5c4d3e2f ro console=ttyS0\n';
const OSREL =
  'NAME="Edge Microvisor Toolkit"\nID="Edge Microvisor Toolkit"\nVERSION_ID="3.0"\nVERSION="26.06.02"\n';

describe('readUkiCmdline', () => {
  let dir: string;
  let ukiPath: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'uki-'));
    ukiPath = join(dir, 'uki.efi');
    const uki = buildPe({
      sections: [
        { name: '.osrel', data: text(OSREL) },
        { name: '.cmdline', data: text(CMDLINE) },
        { name: '.linux', data: new Uint8Array(3000).fill(0x90) },
      ],
    });
    await writeFile(ukiPath, uki);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('returns .cmdline and .osrel as objcopy dumps them', async () => {
    const uki = new Uint8Array(await readFile(ukiPath));
    const result = await readUkiCmdline(bufferSource(uki));
    await runTool('objcopy', [
      '--dump-section',
      `.cmdline=${join(dir, 'cmdline')}`,
      '--dump-section',
      `.osrel=${join(dir, 'osrel')}`,
      ukiPath,
      join(dir, 'copy.efi'),
    ]);
    assert.equal(`${result.cmdline}\n`, await readFile(join(dir, 'cmdline'), 'utf8'));
    assert.equal(result.osRelease, await readFile(join(dir, 'osrel'), 'utf8'));
    assert.match(result.cmdline!, /(^| )boot_uuid=0f5d2c4e-8b1a-4c3e-9d7f-2a6b5c4d3e2f( |$)/);
    assert.equal(parseOsRelease(result.osRelease!).VERSION_ID, '3.0');
    assert.deepEqual(result.sections, ['.text', '.osrel', '.cmdline', '.linux']);
  });

  it('still reads the sections once the UKI is signed, and the signature covers them', async () => {
    const keys = await selfSigned(dir, 'uki-key', 'UKI Key');
    const signed = join(dir, 'uki.signed.efi');
    await runTool('sbsign', ['--key', keys.key, '--cert', keys.cert, '--output', signed, ukiPath]);
    const bytes = new Uint8Array(await readFile(signed));
    assert.match((await readUkiCmdline(bufferSource(bytes))).cmdline!, /boot_uuid=/);
    assert.equal(
      (await inspectAuthenticode(bufferSource(bytes), await readFile(keys.cert, 'utf8'))).chainsToTrusted,
      true,
    );
  });

  it('a PE without the sections gives undefined, a non-PE is UNSUPPORTED_FORMAT', async () => {
    const plain = await readUkiCmdline(bufferSource(buildPe()));
    assert.equal(plain.cmdline, undefined);
    assert.equal(plain.osRelease, undefined);
    await assert.rejects(
      readUkiCmdline(bufferSource(text('#!/bin/sh\necho not a PE file\n'.repeat(4)))),
      (e) => isOrchError(e, 'UNSUPPORTED_FORMAT'),
    );
  });

  it('trims NUL padding and the trailing newline of .cmdline only', async () => {
    const padded = buildPe({ sections: [{ name: '.cmdline', data: text('quiet boot_uuid=abc\n\0\0\0') }] });
    assert.equal((await readUkiCmdline(bufferSource(padded))).cmdline, 'quiet boot_uuid=abc');
  });
});
