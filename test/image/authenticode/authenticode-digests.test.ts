import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { decodePe, inspectAuthenticode } from '../../../src/image/authenticode/index.js';
import { bufferSource } from '../../../src/image/fs/index.js';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import { buildPe } from './pe-builder.js';
import { selfSigned, type KeyPair } from './signing-keys.js';

/** Whether `osslsigncode verify -CAfile cert` accepts the file (sbverify knows sha256 only). */
async function osslVerify(cert: string, file: string): Promise<boolean> {
  return promisify(execFile)('osslsigncode', ['verify', '-CAfile', cert, '-in', file]).then(
    () => true,
    () => false,
  );
}

describe('Authenticode image digests other than sha256 (signed by osslsigncode)', () => {
  let dir: string;
  let db: KeyPair;
  let unsigned: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'authenticode-digests-'));
    db = await selfSigned(dir, 'db', 'Digest Test DB');
    unsigned = join(dir, 'app.efi');
    await writeFile(unsigned, buildPe({ sections: [{ name: '.data', data: new Uint8Array(1500).fill(7) }] }));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const digest of ['sha1', 'sha384', 'sha512'] as const) {
    it(`${digest}: our hash matches the signed one; a flipped byte breaks it, as for osslsigncode`, async () => {
      const signed = join(dir, `app.${digest}.efi`);
      await runTool('osslsigncode', [
        'sign',
        '-h',
        digest,
        '-certs',
        db.cert,
        '-key',
        db.key,
        '-in',
        unsigned,
        '-out',
        signed,
      ]);
      const bytes = new Uint8Array(await readFile(signed));
      const report = await inspectAuthenticode(bufferSource(bytes), await readFile(db.cert, 'utf8'));
      assert.equal(report.digestAlgorithm, digest);
      assert.equal(report.hashMatches, true, report.problems.join('\n'));
      assert.equal(report.chainsToTrusted, true);
      assert.equal(await osslVerify(db.cert, signed), true);

      const data = (await decodePe(bufferSource(bytes))).sections.find((s) => s.name === '.data')!;
      bytes[data.pointerToRawData + 10] = 8;
      const tampered = join(dir, `tampered.${digest}.efi`);
      await writeFile(tampered, bytes);
      const broken = await inspectAuthenticode(bufferSource(bytes), await readFile(db.cert, 'utf8'));
      assert.equal(broken.hashMatches, false);
      assert.equal(broken.chainsToTrusted, false);
      assert.match(broken.problems[0]!, new RegExp(`^image hash mismatch: the signature says ${digest}:`));
      assert.equal(await osslVerify(db.cert, tampered), false);
    });
  }
});
