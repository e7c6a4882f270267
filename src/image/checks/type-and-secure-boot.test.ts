import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageFacts } from '../inspect/image-facts.js';
import type { ValidationProfile } from './check-types.js';
import { SECURE_BOOT_FEATURE, secureBootSigned } from './secure-boot-check.js';
import { contextOf, emtFacts, sampleProfile, ubuntuFacts } from './testing/sample-facts.js';
import { typeMatchesOs } from './type-check.js';

const sb = (kind: 'ubuntu' | 'emt', hasSecureBootCerts = true): ValidationProfile =>
  sampleProfile(kind, { securityFeature: SECURE_BOOT_FEATURE, hasSecureBootCerts });

describe('type.matches-os', () => {
  it('passes when the declared type is the one the OS needs', () => {
    assert.equal(typeMatchesOs.run(contextOf(ubuntuFacts(), sampleProfile('ubuntu'))).status, 'pass');
    assert.equal(
      typeMatchesOs.run(contextOf(emtFacts(), sampleProfile('emt'))).message,
      'the image is Edge Microvisor Toolkit, as OS_TYPE_IMMUTABLE expects',
    );
  });

  it('fails both ways: Ubuntu declared IMMUTABLE, EMT declared MUTABLE', () => {
    const ubuntuAsEmt = typeMatchesOs.run(contextOf(ubuntuFacts(), sampleProfile('emt')));
    assert.equal(ubuntuAsEmt.status, 'fail');
    assert.equal(
      ubuntuAsEmt.message,
      'the image is Ubuntu, which needs OS_TYPE_MUTABLE, but the profile declares OS_TYPE_IMMUTABLE',
    );
    const emtAsUbuntu = typeMatchesOs.run(contextOf(emtFacts(), sampleProfile('ubuntu')));
    assert.equal(
      emtAsUbuntu.message,
      'the image is Edge Microvisor Toolkit, which needs OS_TYPE_IMMUTABLE, but the profile declares OS_TYPE_MUTABLE',
    );
  });

  it('warns on another OS and fails without os-release', () => {
    const debian: ImageFacts = { ...ubuntuFacts(), osRelease: { ID: 'debian' } };
    assert.equal(typeMatchesOs.run(contextOf(debian, sampleProfile('ubuntu'))).status, 'warn');
    const { osRelease: _dropped, ...none } = ubuntuFacts();
    assert.equal(typeMatchesOs.run(contextOf(none, sampleProfile('ubuntu'))).status, 'fail');
  });
});

describe('secureboot.signed', () => {
  it('passes when every stage verifies, naming who signed each binary and the anchor it chained to', () => {
    const verdict = secureBootSigned.run(contextOf(emtFacts(), sb('emt')));
    assert.equal(verdict.status, 'pass');
    assert.equal(
      verdict.message,
      'boot chain verified: p1:/EFI/BOOT/bootx64.efi signed by Test Secure Boot Signer, chained to db certificate Test Secure Boot CA; p1:/EFI/Linux/emt.efi signed by Test Secure Boot Signer, chained to db certificate Test Secure Boot CA',
    );
    const [loader, grub, kernel] = ubuntuFacts().efiBinaries;
    const viaShim: ImageFacts = {
      ...ubuntuFacts(),
      efiBinaries: [
        loader!,
        {
          ...grub!,
          signedBy: 'Debian Secure Boot Signer 2022 - grub2',
          anchor: 'the vendor certificate Debian Secure Boot CA in shim 16.1 (p15:/EFI/BOOT/BOOTX64.EFI)',
        },
        kernel!,
      ],
    };
    assert.match(
      secureBootSigned.run(contextOf(viaShim, sb('ubuntu'))).message,
      /; p15:\/EFI\/ubuntu\/grubx64\.efi signed by Debian Secure Boot Signer 2022 - grub2, chained to the vendor certificate Debian Secure Boot CA in shim 16\.1 \(p15:\/EFI\/BOOT\/BOOTX64\.EFI\); /,
    );
  });

  it('fails without secureBootCerts, saying to supply them', () => {
    const verdict = secureBootSigned.run(contextOf(ubuntuFacts(), sb('ubuntu', false)));
    assert.equal(verdict.status, 'fail');
    assert.match(
      verdict.message,
      /no secureBootCerts: supply the Secure Boot certificate\(s\) \(PEM\) of the node's db/,
    );
  });

  it('fails on an unsigned loader, one signed by another key, an unverifiable grub and a revoked kernel', () => {
    const [loader, grub, kernel] = ubuntuFacts().efiBinaries;
    const unsigned: ImageFacts = {
      ...ubuntuFacts(),
      efiBinaries: [{ ...loader!, signed: false, signers: [], chainsToTrusted: false }, grub!, kernel!],
    };
    assert.equal(
      secureBootSigned.run(contextOf(unsigned, sb('ubuntu'))).message,
      '1 of 3 boot binaries would not boot under Secure Boot: p15:/EFI/BOOT/BOOTX64.EFI unsigned',
    );
    const other: ImageFacts = {
      ...ubuntuFacts(),
      efiBinaries: [
        { ...loader!, signers: ['CN=Other'], chainsToTrusted: false, problem: 'signer does not chain' },
        kernel!,
      ],
    };
    assert.equal(
      secureBootSigned.run(contextOf(other, sb('ubuntu'))).message,
      '1 of 2 boot binaries would not boot under Secure Boot: p15:/EFI/BOOT/BOOTX64.EFI signed by Other, not trusted (signer does not chain)',
    );
    const revoked: ImageFacts = {
      ...ubuntuFacts(),
      efiBinaries: [
        loader!,
        { ...grub!, signed: false, signers: [], chainsToTrusted: false },
        {
          ...kernel!,
          chainsToTrusted: false,
          revoked: "its SHA-256 Authenticode hash 00 is in the profile's dbx",
        },
      ],
    };
    assert.equal(
      secureBootSigned.run(contextOf(revoked, sb('ubuntu'))).message,
      "2 of 3 boot binaries would not boot under Secure Boot: p15:/EFI/ubuntu/grubx64.efi unsigned; p1:/boot/vmlinuz revoked: its SHA-256 Authenticode hash 00 is in the profile's dbx",
    );
  });

  it('names a binary that could not be verified, with the reason', () => {
    const [loader, , kernel] = ubuntuFacts().efiBinaries;
    const damaged: ImageFacts = {
      ...ubuntuFacts(),
      efiBinaries: [
        { ...loader!, signed: false, signers: [], chainsToTrusted: false, problem: 'PE: no PE signature' },
        kernel!,
      ],
    };
    assert.match(
      secureBootSigned.run(contextOf(damaged, sb('ubuntu'))).message,
      /: p15:\/EFI\/BOOT\/BOOTX64\.EFI not verifiable \(PE: no PE signature\)$/,
    );
  });

  it('fails when there is no loader or no kernel to verify', () => {
    const noKernel: ImageFacts = { ...ubuntuFacts(), efiBinaries: [ubuntuFacts().efiBinaries[0]!] };
    assert.equal(
      secureBootSigned.run(contextOf(noKernel, sb('ubuntu'))).message,
      'found no UKI or kernel to verify; expected a verifiable boot chain',
    );
  });

  it('on SECURITY_FEATURE_NONE reports the same findings as information and passes', () => {
    const [loader, grub, kernel] = ubuntuFacts().efiBinaries;
    const unsigned: ImageFacts = {
      ...ubuntuFacts(),
      efiBinaries: [loader!, { ...grub!, signed: false, signers: [], chainsToTrusted: false }, kernel!],
    };
    const verdict = secureBootSigned.run(contextOf(unsigned, sampleProfile('ubuntu')));
    assert.equal(verdict.status, 'pass');
    assert.match(
      verdict.message,
      /^not required by SECURITY_FEATURE_NONE; for information: \(no secureBootCerts to verify against\) p15:\/EFI\/BOOT\/BOOTX64\.EFI signed by .*; p15:\/EFI\/ubuntu\/grubx64\.efi unsigned; /,
    );
  });
});
