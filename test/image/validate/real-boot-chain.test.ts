/**
 * Validation of an Ubuntu-like image carrying Debian's real signed shim, grub and kernel (apt-get
 * download, cached; see test/support/debian-boot) against Microsoft's UEFI CA 2011 from the ovmf
 * package's variable store: the report names who signed each binary and the anchor it chained to.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  validateImage,
  type ValidateImageInput,
  type ValidationReport,
} from '../../../src/image/validate/index.js';
import { describeFile } from '../../fixtures/disk-image/disk-image-fixtures.js';
import { buildOsImage } from '../../fixtures/os-images/build-os-image.js';
import { realBootChainPlan } from '../../fixtures/os-images/real-boot-chain-plan.js';
import { generateSecureBootKeys, type SecureBootKeys } from '../../fixtures/os-images/secure-boot-keys.js';
import { debianBootArtefacts } from '../../support/debian-boot/debian-boot-artefacts.js';
import { microsoftUefiCa2011 } from '../../support/debian-boot/microsoft-db.js';
import { byId, scratchDir, startServer, type ValidationServer } from './validate-harness.js';

let dir: string;
let served: ValidationServer;
let sha256: string;
let msCa: string;
let keys: SecureBootKeys;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edge-orch-real-chain-'));
  const art = await debianBootArtefacts();
  msCa = await microsoftUefiCa2011();
  keys = await generateSecureBootKeys(dir);
  const [shim, grub, kernel] = await Promise.all([art.shim, art.grub, art.kernel].map((p) => readFile(p)));
  const disk = await buildOsImage(
    realBootChainPlan({ shim: shim!, grub: grub!, kernel: kernel! }),
    keys,
    dir,
  );
  sha256 = (await describeFile(disk)).sha256;
  served = await startServer({ '/debian-chain.raw': { file: disk } });
});
after(async () => {
  await served.server.close();
  await rm(dir, { recursive: true, force: true });
});

function run(input: Partial<ValidateImageInput>): Promise<ValidationReport> {
  return validateImage(
    {
      url: served.server.url('/debian-chain.raw'),
      sha256,
      caPem: served.caPem,
      osType: 'OS_TYPE_MUTABLE',
      osVersion: '22.04.5',
      profileName: 'ubuntu-22.04-lts-generic',
      securityFeature: 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
      secureBootCerts: msCa,
      ...input,
    },
    { scratchDir, policy: { smallestDiskBytes: 64 * 1024 * 1024 } },
  );
}

describe("an image with Debian's real signed boot chain", () => {
  it('passes with Microsoft UEFI CA 2011 as db: shim via db, grub and the kernel via the vendor certificate in shim', async () => {
    const report = await run({});
    const checks = byId(report);
    assert.equal(report.state, 'passed', JSON.stringify(report.checks.filter((c) => c.status !== 'pass')));
    const signed = checks.get('secureboot.signed')!.message;
    assert.match(
      signed,
      /^boot chain verified: p15:\/EFI\/BOOT\/BOOTX64\.EFI signed by Microsoft Windows UEFI Driver Publisher, chained to db certificate Microsoft Corporation UEFI CA 2011; /,
    );
    assert.match(
      signed,
      /; p15:\/EFI\/BOOT\/grubx64\.efi signed by Debian Secure Boot Signer \d{4} - grub2, chained to the vendor certificate Debian Secure Boot CA in shim [\d.]+ \(p15:\/EFI\/BOOT\/BOOTX64\.EFI\); /,
    );
    assert.match(
      signed,
      /; p1:\/boot\/vmlinuz signed by Debian Secure Boot Signer \d{4} - linux, chained to the vendor certificate Debian Secure Boot CA in shim [\d.]+ \(p15:\/EFI\/BOOT\/BOOTX64\.EFI\)$/,
    );
    assert.match(
      checks.get('secureboot.sbat')!.message,
      /^nothing revoked by the latest \.sbatlevel of shim [\d.]+ \(p15:\/EFI\/BOOT\/BOOTX64\.EFI\) \(sbat,1 shim,\d+ grub,\d+.*\): p15:\/EFI\/BOOT\/BOOTX64\.EFI sbat,1 shim,\d+; p15:\/EFI\/BOOT\/grubx64\.efi sbat,1 grub,\d+/,
    );
    const grub = report.facts!.efiBinaries.find((b) => b.path === '/EFI/BOOT/grubx64.efi')!;
    assert.equal(grub.role, 'bootloader');
  });

  it('fails at shim with a db that trusts only an unrelated key', async () => {
    const report = await run({ secureBootCerts: keys.otherCa.cert });
    const signed = byId(report).get('secureboot.signed')!;
    assert.equal(signed.status, 'fail');
    assert.match(
      signed.message,
      /^3 of 3 boot binaries would not boot under Secure Boot: p15:\/EFI\/BOOT\/BOOTX64\.EFI signed by Microsoft Windows UEFI Driver Publisher \+ Microsoft UEFI CA 2023 signer, not trusted \(signature 1: the signer does not chain to db: .*; p15:\/EFI\/BOOT\/grubx64\.efi signed by Debian Secure Boot Signer \d{4} - grub2, not trusted \(the signer does not chain to db \(no verified shim\)/,
    );
  });

  it('fails SBAT when the profile gives a level that revokes grub, naming the entry', async () => {
    const report = await run({ sbatLevel: 'sbat,1,2099010100\nshim,1\ngrub,99\n' });
    const sbat = byId(report).get('secureboot.sbat')!;
    assert.equal(sbat.status, 'fail');
    assert.match(
      sbat.message,
      /^revoked by the profile's sbatLevel \(sbat,1 shim,1 grub,99\): p15:\/EFI\/BOOT\/grubx64\.efi grub,\d+ is revoked \(level grub,99\)$/,
    );
    assert.equal(byId(report).get('secureboot.signed')!.status, 'pass');
  });

  it('on SECURITY_FEATURE_NONE without certificates, reports the chain as information', async () => {
    const report = await run({ securityFeature: 'SECURITY_FEATURE_NONE', secureBootCerts: '' });
    const signed = byId(report).get('secureboot.signed')!;
    assert.equal(signed.status, 'pass');
    assert.match(
      signed.message,
      /^not required by SECURITY_FEATURE_NONE; for information: \(no secureBootCerts to verify against\) p15:\/EFI\/BOOT\/BOOTX64\.EFI signed by Microsoft Windows UEFI Driver Publisher \+ Microsoft UEFI CA 2023 signer, not trusted \(no Secure Boot certificates to verify against\); p15:\/EFI\/BOOT\/grubx64\.efi signed by Debian Secure Boot Signer \d{4} - grub2, not trusted/,
    );
    assert.equal(byId(report).has('secureboot.sbat'), false);
  });
});
