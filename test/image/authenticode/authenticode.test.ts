import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { isOrchError } from '../../../src/core/errors/index.js';
import { authenticodeHash, decodePe, inspectAuthenticode } from '../../../src/image/authenticode/index.js';
import { bufferSource } from '../../../src/image/fs/index.js';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import { buildPe } from './pe-builder.js';
import { expiredChain, issuedBy, selfSigned, type KeyPair } from './signing-keys.js';

/** Whether `sbverify --cert cert file` accepts the file. */
async function sbverify(cert: string, file: string): Promise<boolean> {
  return promisify(execFile)('sbverify', ['--cert', cert, file]).then(
    () => true,
    () => false,
  );
}

/** Whether `osslsigncode verify -CAfile cert` accepts the file. */
async function osslVerify(cert: string, file: string): Promise<boolean> {
  return promisify(execFile)('osslsigncode', ['verify', '-CAfile', cert, '-in', file]).then(
    () => true,
    () => false,
  );
}

async function serialOf(cert: string): Promise<string> {
  const { stdout } = await promisify(execFile)('openssl', ['x509', '-noout', '-serial', '-in', cert]);
  return stdout
    .trim()
    .replace(/^serial=/, '')
    .toLowerCase();
}

describe('inspectAuthenticode against sbsign and sbverify', () => {
  let dir: string;
  let db: KeyPair;
  let other: KeyPair;
  let root: KeyPair;
  let leaf: KeyPair;
  let expired: { root: KeyPair; signer: KeyPair };
  let unsignedPath: string;

  const sign = async (keys: KeyPair, input: string, name: string): Promise<string> => {
    const output = join(dir, name);
    await runTool('sbsign', ['--key', keys.key, '--cert', keys.cert, '--output', output, input]);
    return output;
  };
  const bytesOf = async (path: string): Promise<Uint8Array> => new Uint8Array(await readFile(path));
  const pem = (keys: KeyPair): Promise<string> => readFile(keys.cert, 'utf8');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'authenticode-'));
    db = await selfSigned(dir, 'db', 'Test Secure Boot DB');
    other = await selfSigned(dir, 'other', 'Someone Else');
    root = await selfSigned(dir, 'root', 'Test Root CA', true);
    leaf = await issuedBy(dir, 'leaf', 'Test Signing Key', root);
    expired = await expiredChain(dir);
    unsignedPath = join(dir, 'loader.efi');
    await writeFile(
      unsignedPath,
      buildPe({ sections: [{ name: '.data', data: new TextEncoder().encode('loader data') }] }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('an unsigned binary: signed false, not trusted, sbverify refuses it', async () => {
    const report = await inspectAuthenticode(bufferSource(await bytesOf(unsignedPath)), await pem(db));
    assert.deepEqual(report, {
      signed: false,
      signers: [],
      digestAlgorithm: undefined,
      hashMatches: false,
      signatureValid: false,
      chainsToTrusted: false,
      problems: ['the file is not signed (no certificate table)'],
    });
    assert.equal(await sbverify(db.cert, unsignedPath), false);
  });

  for (const format of ['PE32+', 'PE32'] as const) {
    it(`${format} signed by the trusted key: valid, and sbverify agrees`, async () => {
      const input = join(dir, `plain-${format}.efi`);
      await writeFile(input, buildPe({ format }));
      const signed = await sign(db, input, `signed-${format}.efi`);
      const report = await inspectAuthenticode(bufferSource(await bytesOf(signed)), await pem(db));
      assert.deepEqual(report, {
        signed: true,
        signers: [
          {
            subject: 'CN=Test Secure Boot DB',
            issuer: 'CN=Test Secure Boot DB',
            serial: await serialOf(db.cert),
            name: 'Test Secure Boot DB',
          },
        ],
        digestAlgorithm: 'sha256',
        hashMatches: true,
        signatureValid: true,
        chainsToTrusted: true,
        problems: [],
      });
      assert.equal(await sbverify(db.cert, signed), true);
    });
  }

  it('the image hash ignores the checksum, the certificate directory entry and the table', async () => {
    const signed = await bytesOf(await sign(db, unsignedPath, 'hash.efi'));
    const unsigned = await bytesOf(unsignedPath);
    const ours = async (bytes: Uint8Array) =>
      Buffer.from(
        await authenticodeHash(bufferSource(bytes), await decodePe(bufferSource(bytes)), 'sha256'),
      ).toString('hex');
    assert.equal(await ours(signed), await ours(unsigned));
    assert.ok(signed.byteLength > unsigned.byteLength);
    const withChecksum = Uint8Array.from(signed);
    const checksumOffset = (await decodePe(bufferSource(withChecksum))).checksumOffset;
    withChecksum.set([1, 2, 3, 4], checksumOffset);
    assert.equal(await ours(withChecksum), await ours(signed));
    assert.equal(
      (await inspectAuthenticode(bufferSource(withChecksum), await pem(db))).chainsToTrusted,
      true,
    );
  });

  it('a byte changed in a section after signing: hash mismatch, not trusted, sbverify fails', async () => {
    const signedPath = await sign(db, unsignedPath, 'tamper.efi');
    const bytes = await bytesOf(signedPath);
    const text = (await decodePe(bufferSource(bytes))).sections.find((s) => s.name === '.text')!;
    bytes[text.pointerToRawData] = bytes[text.pointerToRawData]! ^ 0xff;
    const tampered = join(dir, 'tampered.efi');
    await writeFile(tampered, bytes);
    const report = await inspectAuthenticode(bufferSource(bytes), await pem(db));
    assert.equal(report.signed, true);
    assert.equal(report.hashMatches, false);
    assert.equal(report.signatureValid, true, 'the PKCS#7 itself is intact');
    assert.equal(report.chainsToTrusted, false);
    assert.match(
      report.problems[0]!,
      /^image hash mismatch: the signature says sha256:[0-9a-f]{64}, the file hashes to [0-9a-f]{64}/,
    );
    assert.equal(await sbverify(db.cert, tampered), false);
  });

  it('signed by another key: signature valid but not trusted, sbverify fails', async () => {
    const signed = await sign(other, unsignedPath, 'other.efi');
    const report = await inspectAuthenticode(bufferSource(await bytesOf(signed)), await pem(db));
    assert.equal(report.hashMatches, true);
    assert.equal(report.signatureValid, true);
    assert.equal(report.chainsToTrusted, false);
    assert.equal(report.signers[0]!.subject, 'CN=Someone Else');
    assert.match(report.problems.join('\n'), /does not chain to a trusted certificate/);
    assert.equal(await sbverify(db.cert, signed), false);
  });

  it('root CA -> signing certificate: trusted through the root alone, as sbverify', async () => {
    const signed = await sign(leaf, unsignedPath, 'leaf.efi');
    const report = await inspectAuthenticode(bufferSource(await bytesOf(signed)), await pem(root));
    assert.equal(report.chainsToTrusted, true);
    assert.deepEqual(report.signers, [
      { subject: 'CN=Test Signing Key', issuer: 'CN=Test Root CA', serial: '1092', name: 'Test Signing Key' },
    ]);
    assert.deepEqual(report.problems, []);
    assert.equal(await sbverify(root.cert, signed), true);
    assert.equal(
      (await inspectAuthenticode(bufferSource(await bytesOf(signed)), await pem(other))).chainsToTrusted,
      false,
    );
  });

  // sbverify is no oracle here: sbsigntool 0.9.4 accepts this file with any --cert once the
  // intermediate is embedded. osslsigncode (no partial chains) checks the root case instead.
  it('root -> intermediate -> signer with the intermediate embedded: trusted via the root or the intermediate', async () => {
    const intermediate = await issuedBy(dir, 'intermediate', 'Test Intermediate CA', root, true);
    const signer = await issuedBy(dir, 'deep', 'Deep Signing Key', intermediate);
    const signed = join(dir, 'deep.efi');
    await runTool('sbsign', [
      '--key',
      signer.key,
      '--cert',
      signer.cert,
      '--addcert',
      intermediate.cert,
      '--output',
      signed,
      unsignedPath,
    ]);
    const bytes = await bytesOf(signed);
    for (const anchor of [root, intermediate]) {
      const report = await inspectAuthenticode(bufferSource(bytes), await pem(anchor));
      assert.equal(report.chainsToTrusted, true, report.problems.join('\n'));
    }
    assert.equal(await osslVerify(root.cert, signed), true);
    assert.deepEqual((await inspectAuthenticode(bufferSource(bytes), await pem(root))).signers, [
      {
        subject: 'CN=Deep Signing Key',
        issuer: 'CN=Test Intermediate CA',
        serial: '1092',
        name: 'Deep Signing Key',
      },
    ]);
    const untrusted = await inspectAuthenticode(bufferSource(bytes), await pem(db));
    assert.equal(untrusted.chainsToTrusted, false);
    assert.match(untrusted.problems.join('\n'), /does not chain to a trusted certificate/);
    assert.equal(await osslVerify(db.cert, signed), false);
  });

  it('several trusted certificates in one PEM text, and none given', async () => {
    const signed = await bytesOf(await sign(db, unsignedPath, 'multi.efi'));
    const both = (await pem(other)) + (await pem(db));
    assert.equal((await inspectAuthenticode(bufferSource(signed), both)).chainsToTrusted, true);
    const untrusted = await inspectAuthenticode(bufferSource(signed), undefined);
    assert.equal(untrusted.chainsToTrusted, undefined);
    assert.equal(untrusted.hashMatches, true);
  });

  it('ignores certificate expiry, as UEFI does (sbverify too)', async () => {
    const signed = await sign(expired.signer, unsignedPath, 'expired.efi');
    const report = await inspectAuthenticode(bufferSource(await bytesOf(signed)), await pem(expired.root));
    assert.equal(report.chainsToTrusted, true, report.problems.join('\n'));
    assert.equal(report.signers[0]!.serial, '0badc0de');
    assert.equal(await sbverify(expired.root.cert, signed), true);
  });

  it('trusts a non-CA signing certificate listed itself as trusted, as UEFI db entries work', async () => {
    const signed = await sign(leaf, unsignedPath, 'leaf-direct.efi');
    const report = await inspectAuthenticode(bufferSource(await bytesOf(signed)), await pem(leaf));
    assert.equal(report.chainsToTrusted, true, report.problems.join('\n'));
    assert.equal(await sbverify(leaf.cert, signed), true);
  });

  it('refuses a non-PE file, broken headers and unusable trust text', async () => {
    await assert.rejects(
      inspectAuthenticode(bufferSource(new Uint8Array(100)), undefined),
      (e) => isOrchError(e, 'UNSUPPORTED_FORMAT') && /no MZ header/.test(e.message),
    );
    const bytes = await bytesOf(unsignedPath);
    const badLfanew = Uint8Array.from(bytes);
    new DataView(badLfanew.buffer).setUint32(0x3c, 0xfffff0, true);
    await assert.rejects(
      inspectAuthenticode(bufferSource(badLfanew), undefined),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /no PE signature at e_lfanew 16777200/.test(e.message),
    );
    const badCertTable = Uint8Array.from(bytes);
    const entry = (await decodePe(bufferSource(bytes))).certDirectoryOffset!;
    new DataView(badCertTable.buffer).setUint32(entry, bytes.byteLength - 4, true);
    new DataView(badCertTable.buffer).setUint32(entry + 4, 4096, true);
    await assert.rejects(
      inspectAuthenticode(bufferSource(badCertTable), undefined),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /certificate table \d+\+4096 lies outside/.test(e.message),
    );
    await assert.rejects(inspectAuthenticode(bufferSource(bytes), 'not a certificate'), (e) =>
      isOrchError(e, 'InvalidArgument'),
    );
  });

  it('a certificate table whose PKCS#7 is garbage: signed, but nothing verifies', async () => {
    const signed = await bytesOf(await sign(db, unsignedPath, 'garbage.efi'));
    const { certTable } = await decodePe(bufferSource(signed));
    signed.fill(0x41, certTable!.offset + 8, certTable!.offset + certTable!.size);
    const report = await inspectAuthenticode(bufferSource(signed), await pem(db));
    assert.equal(report.signed, true);
    assert.equal(report.hashMatches, false);
    assert.equal(report.chainsToTrusted, false);
    assert.match(report.problems[0]!, /^unreadable PKCS#7 SignedData/);
  });
});
