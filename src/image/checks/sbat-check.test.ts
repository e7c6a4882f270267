import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EfiBinaryFacts, ImageFacts } from '../inspect/image-facts.js';
import { secureBootSbat } from './sbat-check.js';
import { SECURE_BOOT_FEATURE } from './secure-boot-check.js';
import { contextOf, sampleProfile, ubuntuFacts } from './testing/sample-facts.js';

const entry = (component: string, generation: number) => ({
  component,
  generation,
  vendor: '',
  packageName: '',
  version: '',
});
const LEVEL = {
  text: 'sbat,1,2025051000\nshim,4\ngrub,5\n',
  entries: [
    { component: 'sbat', generation: 1 },
    { component: 'shim', generation: 4 },
    { component: 'grub', generation: 5 },
  ],
};

function facts(grub: Partial<EfiBinaryFacts>, shimLevel = true): ImageFacts {
  const [loader, grubFacts, kernel] = ubuntuFacts().efiBinaries;
  return {
    ...ubuntuFacts(),
    efiBinaries: [
      {
        ...loader!,
        sbat: [entry('sbat', 1), entry('shim', 4)],
        shim: {
          version: '16.1',
          vendorCertificates: ['Debian Secure Boot CA'],
          ...(shimLevel ? { sbatLevel: LEVEL } : {}),
        },
      },
      { ...grubFacts!, ...grub },
      kernel!,
    ],
  };
}
const sb = (sbatLevel?: string) =>
  sampleProfile('ubuntu', {
    securityFeature: SECURE_BOOT_FEATURE,
    hasSecureBootCerts: true,
    ...(sbatLevel ? { sbatLevel } : {}),
  });

describe('secureboot.sbat', () => {
  it("passes when nothing is revoked by the verified shim's latest level, listing the components it names", () => {
    const verdict = secureBootSbat.run(
      contextOf(facts({ sbat: [entry('sbat', 1), entry('grub', 5), entry('grub.debian', 5)] }), sb()),
    );
    assert.equal(verdict.status, 'pass');
    assert.equal(
      verdict.message,
      'nothing revoked by the latest .sbatlevel of shim 16.1 (p15:/EFI/BOOT/BOOTX64.EFI) (sbat,1 shim,4 grub,5): p15:/EFI/BOOT/BOOTX64.EFI sbat,1 shim,4; p15:/EFI/ubuntu/grubx64.efi sbat,1 grub,5',
    );
  });

  it('fails a revoked grub, naming the entry and the level', () => {
    const verdict = secureBootSbat.run(
      contextOf(facts({ sbat: [entry('sbat', 1), entry('grub', 3)] }), sb()),
    );
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      'revoked by the latest .sbatlevel of shim 16.1 (p15:/EFI/BOOT/BOOTX64.EFI) (sbat,1 shim,4 grub,5): p15:/EFI/ubuntu/grubx64.efi grub,3 is revoked (level grub,5)',
    );
  });

  it("a profile's level wins over shim's, and can revoke shim itself", () => {
    const verdict = secureBootSbat.run(
      contextOf(facts({ sbat: [entry('grub', 5)] }), sb('sbat,1,2099010100\nshim,5\n')),
    );
    assert.equal(
      verdict.message,
      "revoked by the profile's sbatLevel (sbat,1 shim,5): p15:/EFI/BOOT/BOOTX64.EFI shim,4 is revoked (level shim,5)",
    );
  });

  it('fails a grub without .sbat once shim enforces SBAT, and an unreadable .sbat', () => {
    assert.equal(
      secureBootSbat.run(contextOf(facts({}), sb())).message,
      'revoked by the latest .sbatlevel of shim 16.1 (p15:/EFI/BOOT/BOOTX64.EFI) (sbat,1 shim,4 grub,5): p15:/EFI/ubuntu/grubx64.efi has no .sbat section (shim refuses to load it)',
    );
    assert.match(
      secureBootSbat.run(
        contextOf(
          facts({ sbatProblem: '.sbat line 1 "x" is not component_name,component_generation[,...]' }),
          sb(),
        ),
      ).message,
      /: p15:\/EFI\/ubuntu\/grubx64\.efi: \.sbat line 1 "x"/,
    );
  });

  it('passes without any level: no shim with .sbatlevel and none in the profile', () => {
    const verdict = secureBootSbat.run(contextOf(facts({}, false), sb()));
    assert.equal(verdict.status, 'pass');
    assert.equal(
      verdict.message,
      'no SBAT revocation level: the profile gives no sbatLevel and no verified shim carries .sbatlevel',
    );
  });
});
