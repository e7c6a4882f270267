/**
 * The boot-chain judgement on Debian's real signed shim, grub and kernel (downloaded once with
 * apt-get and cached, see test/support/debian-boot), with Microsoft's UEFI CA 2011 taken from the
 * ovmf package's variable store as the db.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { bufferSource } from '../../../src/image/fs/index.js';
import {
  authenticodeHash,
  decodePe,
  decodeSbatLevelSection,
  decodeVendorCert,
} from '../../../src/image/authenticode/index.js';
import {
  authenticodeReader,
  type SecureBootInputs,
} from '../../../src/image/validate/authenticode-reader.js';
import type { EfiBinaryRole } from '../../../src/image/inspect/image-facts.js';
import {
  debianBootArtefacts,
  type DebianBootArtefacts,
} from '../../support/debian-boot/debian-boot-artefacts.js';
import { microsoftUefiCa2011 } from '../../support/debian-boot/microsoft-db.js';
import { generateSecureBootKeys, type SecureBootKeys } from '../../fixtures/os-images/secure-boot-keys.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

let art: DebianBootArtefacts;
let msCa: string;
let keys: SecureBootKeys;
let keyDir: string;
const bytes = new Map<string, Uint8Array>();

before(async () => {
  art = await debianBootArtefacts();
  msCa = await microsoftUefiCa2011();
  keyDir = await mkdtemp(join(tmpdir(), 'edge-orch-sb-keys-'));
  keys = await generateSecureBootKeys(keyDir);
  for (const path of [art.shim, art.grub, art.kernel]) bytes.set(path, new Uint8Array(await readFile(path)));
});
after(() => rm(keyDir, { recursive: true, force: true }));

/** Judges shim at \EFI\BOOT\BOOTX64.EFI, grub beside it and the kernel in /boot. */
async function judge(inputs: SecureBootInputs, grub?: Uint8Array) {
  const reader = authenticodeReader(inputs);
  const chain: [string, EfiBinaryRole, Uint8Array][] = [
    ['p15:/EFI/BOOT/BOOTX64.EFI', 'loader', bytes.get(art.shim)!],
    ['p15:/EFI/BOOT/grubx64.efi', 'bootloader', grub ?? bytes.get(art.grub)!],
    ['p1:/boot/vmlinuz', 'kernel', bytes.get(art.kernel)!],
  ];
  const examined = await Promise.all(
    chain.map(async ([where, role, data]) => ({
      where,
      role,
      folder: where.slice(0, where.lastIndexOf('/') + 1).toUpperCase(),
      exam: await reader.examine(bufferSource(data)),
    })),
  );
  const [shim, grubVerdict, kernel] = await reader.judge(examined);
  return { shim: shim!, grub: grubVerdict!, kernel: kernel! };
}

describe("Debian's signed boot chain", () => {
  it('the real chain verifies: shim against db, grub and the kernel against the vendor certificate in shim', async () => {
    const { shim, grub, kernel } = await judge({ db: msCa });
    assert.equal(shim.chainsToTrusted, true, shim.problem);
    assert.equal(shim.signedBy, 'Microsoft Windows UEFI Driver Publisher');
    assert.equal(shim.anchor, 'db certificate Microsoft Corporation UEFI CA 2011');
    assert.match(shim.shim?.version ?? '', /^\d+(\.\d+)+$/);
    assert.deepEqual(shim.shim?.vendorCertificates, ['Debian Secure Boot CA']);
    const version = shim.shim!.version!;
    const vendor = `the vendor certificate Debian Secure Boot CA in shim ${version} (p15:/EFI/BOOT/BOOTX64.EFI)`;
    assert.equal(grub.chainsToTrusted, true, grub.problem);
    assert.match(grub.signedBy!, /^Debian Secure Boot Signer \d{4} - grub2$/);
    assert.equal(grub.anchor, vendor);
    assert.equal(kernel.chainsToTrusted, true, kernel.problem);
    assert.match(kernel.signedBy!, /^Debian Secure Boot Signer \d{4} - linux$/);
    assert.equal(kernel.anchor, vendor);
    // SBAT: shim's and grub's .sbat and shim's latest revocation level are read.
    assert.ok(shim.sbat?.some((e) => e.component === 'shim'));
    assert.ok(grub.sbat?.some((e) => e.component === 'grub' && e.generation >= 1));
    assert.match(shim.shim?.sbatLevel?.text ?? '', /^sbat,1,\d{10}\n/);
    assert.ok(shim.shim?.sbatLevel?.entries.some((e) => e.component === 'grub'));
  });

  it('a db that trusts only an unrelated key fails at shim, and the second stages with it', async () => {
    const { shim, grub, kernel } = await judge({ db: keys.otherCa.cert });
    assert.equal(shim.chainsToTrusted, false);
    assert.deepEqual(
      shim.signers.map((s) => /CN=([^,]+)/.exec(s)?.[1]),
      ['Microsoft Windows UEFI Driver Publisher', 'Microsoft UEFI CA 2023 signer'],
    );
    assert.match(shim.problem!, /the signer does not chain to db/);
    // Without a verified shim nothing vouches for Debian's CA: firmware db only.
    assert.equal(grub.chainsToTrusted, false);
    assert.match(grub.problem!, /does not chain to db \(no verified shim\)/);
    assert.equal(kernel.chainsToTrusted, false);
  });

  it('a grub re-signed by an unrelated key fails at grub', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-orch-grub-'));
    try {
      const { runTool } = await import('../../fixtures/disk-image/run-tool.js');
      const unsigned = join(dir, 'grub.unsigned');
      await runTool('sbattach', ['--remove', art.grub, '--output', unsigned]).catch(async () => {
        // Older sbattach: remove in place on a copy.
        await runTool('cp', [art.grub, unsigned]);
        await runTool('sbattach', ['--remove', unsigned]);
      });
      const { sbsign } = await import('../../fixtures/os-images/secure-boot-keys.js');
      await sbsign(keys.otherSigner, unsigned, join(dir, 'grub.efi'));
      const resigned = new Uint8Array(await readFile(join(dir, 'grub.efi')));
      const { shim, grub, kernel } = await judge({ db: msCa }, resigned);
      assert.equal(shim.chainsToTrusted, true);
      assert.equal(grub.chainsToTrusted, false);
      assert.deepEqual(grub.signers, ['CN=edge-orch unrelated boot signer']);
      assert.match(grub.problem!, /does not chain to db, the MOK list or the shim's vendor certificate/);
      assert.equal(kernel.chainsToTrusted, true);
      // The same key given as a MOK certificate makes shim accept it.
      const withMok = await judge({ db: msCa, mok: keys.otherCa.cert }, resigned);
      assert.equal(withMok.grub.chainsToTrusted, true, withMok.grub.problem);
      assert.equal(withMok.grub.anchor, 'MOK certificate edge-orch unrelated Secure Boot CA');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a kernel whose hash is in the profile's dbx fails, naming the entry", async () => {
    const source = bufferSource(bytes.get(art.kernel)!);
    const hash = Buffer.from(await authenticodeHash(source, await decodePe(source), 'sha256')).toString(
      'hex',
    );
    const { shim, grub, kernel } = await judge({ db: msCa, dbx: `# revoked kernel\nsha256:${hash}\n` });
    assert.equal(shim.chainsToTrusted, true);
    assert.equal(grub.chainsToTrusted, true);
    assert.equal(kernel.chainsToTrusted, false);
    assert.equal(kernel.revoked, `its SHA-256 Authenticode hash ${hash} is in the profile's dbx`);
  });

  it("a dbx listing Microsoft's UEFI CA 2011 revokes shim's signature chain", async () => {
    const { shim } = await judge({ db: msCa, dbx: msCa });
    assert.equal(shim.chainsToTrusted, false);
    assert.equal(
      shim.revoked,
      "certificate Microsoft Corporation UEFI CA 2011 of its signature is in the profile's dbx",
    );
  });

  it("parses shim's .vendor_cert header and .sbatlevel", async () => {
    const source = bufferSource(bytes.get(art.shim)!);
    const pe = await decodePe(source);
    const section = (name: string) => {
      const s = pe.sections.find((x) => x.name === name)!;
      return bytes.get(art.shim)!.subarray(s.pointerToRawData, s.pointerToRawData + s.virtualSize);
    };
    const vendor = decodeVendorCert(section('.vendor_cert'));
    assert.equal(vendor.authorized.certificates.length, 1);
    assert.ok(vendor.deauthorized.sha256.length > 0, "Debian's shim carries a deny list of hashes");
    const level = decodeSbatLevelSection(section('.sbatlevel'));
    assert.match(level.previous, /^sbat,1,\d{10}\n/);
    assert.match(level.latest, /^sbat,1,\d{10}\n/);
  });
});
