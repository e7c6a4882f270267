import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageFacts } from '../inspect/image-facts.js';
import type { ImageCheck, ValidationPolicy } from './check-types.js';
import { emtEspUki, emtPersistent, emtRootfsSize, emtUkiBootUuid } from './emt-layout-checks.js';
import { emtAgent, emtCloudInit, emtOsRelease, emtVersion } from './emt-os-checks.js';
import { contextOf, emtFacts, sampleProfile } from './testing/sample-facts.js';

const MIB = 1024 * 1024;
const run = (check: ImageCheck, facts: ImageFacts = emtFacts(), policy: Partial<ValidationPolicy> = {}) =>
  check.run(contextOf(facts, sampleProfile('emt'), policy));
const withFacts = (change: Partial<ImageFacts>): ImageFacts => ({ ...emtFacts(), ...change });
const ALL = [
  emtEspUki,
  emtUkiBootUuid,
  emtRootfsSize,
  emtPersistent,
  emtOsRelease,
  emtVersion,
  emtCloudInit,
  emtAgent,
];

describe('emt checks', () => {
  it('all pass on a good EMT image', () => {
    for (const check of ALL) assert.equal(run(check).status, 'pass', `${check.id}: ${run(check).message}`);
    assert.equal(run(emtEspUki).message, 'p1 vfat "ESP" holds UKI /EFI/Linux/emt.efi');
  });

  it('emt.esp-uki fails when p1 is not an ESP, and when \\EFI\\Linux holds no UKI', () => {
    const [p1, p2, p3] = emtFacts().partitions;
    const notEsp = run(
      emtEspUki,
      withFacts({
        partitions: [{ ...p1!, fs: 'ext4', type: p2!.type, typeName: 'Linux filesystem' }, p2!, p3!],
      }),
    );
    assert.equal(notEsp.status, 'fail');
    assert.equal(
      notEsp.message,
      'p1 is p1 ext4 "ESP" of type Linux filesystem; expected p1 to be a vfat EFI system partition holding UKIs in \\EFI\\Linux',
    );
    const noUki = run(emtEspUki, withFacts({ efiBinaries: [emtFacts().efiBinaries[0]!] }));
    assert.equal(
      noUki.message,
      'no UKI in \\EFI\\Linux on p1 vfat "ESP" (EFI binaries found: /EFI/BOOT/bootx64.efi); expected at least one \\EFI\\Linux\\*.efi',
    );
  });

  it('emt.uki-boot-uuid fails naming the command line without boot_uuid=', () => {
    const cmdlines = [
      { path: '/EFI/Linux/emt.efi', partition: 1, cmdline: 'root=/dev/sda2 ro xboot_uuid=1' },
    ];
    const verdict = run(emtUkiBootUuid, withFacts({ ukiCmdlines: cmdlines }));
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      'UKI command line without boot_uuid= (/EFI/Linux/emt.efi: "root=/dev/sda2 ro xboot_uuid=1"); expected boot_uuid=<uuid>',
    );
    const unreadable = [{ path: '/EFI/Linux/a.efi', partition: 1, problem: 'no .cmdline section' }];
    assert.match(
      run(emtUkiBootUuid, withFacts({ ukiCmdlines: unreadable })).message,
      /a\.efi: no \.cmdline section/,
    );
    assert.match(run(emtUkiBootUuid, withFacts({ ukiCmdlines: [] })).message, /^no UKI command line to read/);
  });

  it('emt.rootfs-size fails above 4096 MiB naming both sizes, and honours the policy', () => {
    const [p1, p2, p3] = emtFacts().partitions;
    const big = withFacts({ partitions: [p1!, { ...p2!, size: 5000 * MIB }, p3!] });
    const verdict = run(emtRootfsSize, big);
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      "p2 rootfs is 5000 MiB (5242880000 bytes), larger than the 4096 MiB (4294967296 bytes) EMT's layout gives rootfs A: it would be truncated",
    );
    const exact = withFacts({ partitions: [p1!, { ...p2!, size: 4096 * MIB }, p3!] });
    assert.equal(run(emtRootfsSize, exact).status, 'pass');
    assert.equal(run(emtRootfsSize, undefined, { emtRootfsMaxBytes: 32 * MIB }).status, 'fail');
    assert.match(
      run(emtRootfsSize, withFacts({ partitions: [p1!] })).message,
      /^no p2; expected p2 to be the ext4 rootfs/,
    );
  });

  it('emt.persistent fails without p3', () => {
    const [p1, p2] = emtFacts().partitions;
    const verdict = run(emtPersistent, withFacts({ partitions: [p1!, p2!] }));
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      'no p3: found p1 vfat "ESP", p2 ext4 "rootfs"; expected p3, the persistent partition',
    );
  });

  it('emt.os-release and emt.version judge NAME/ID and VERSION_ID against the minimum', () => {
    const ubuntu = withFacts({ osRelease: { ID: 'ubuntu', VERSION_ID: '22.04' } });
    assert.equal(
      run(emtOsRelease, ubuntu).message,
      'os-release has ID="ubuntu" VERSION_ID="22.04"; expected NAME and ID "Edge Microvisor Toolkit"',
    );
    const old = withFacts({ osRelease: { ...emtFacts().osRelease, VERSION_ID: '2.9' } });
    assert.equal(run(emtVersion, old).message, 'EMT VERSION_ID 2.9 is older than the supported minimum 3.0');
    assert.equal(run(emtVersion, undefined, { minEmtVersion: '3.1' }).status, 'fail');
    assert.equal(
      run(emtVersion, withFacts({ osRelease: { ...emtFacts().osRelease, VERSION_ID: '3.10' } })).status,
      'pass',
    );
    const ubuntu22 = withFacts({ osRelease: { ID: 'ubuntu', VERSION_ID: '22.04' } });
    assert.deepEqual(
      [run(emtVersion, ubuntu22).status, run(emtVersion, ubuntu22).message],
      ['skip', 'skipped: os-release does not identify Edge Microvisor Toolkit (see emt.os-release)'],
    );
    const odd = withFacts({ osRelease: { ID: 'Edge Microvisor Toolkit', VERSION_ID: 'three' } });
    assert.equal(
      run(emtVersion, odd).message,
      'os-release has VERSION_ID="three"; expected an EMT VERSION_ID of 3.0 or later',
    );
  });

  it('emt.cloud-init needs the binary and its configuration; emt.agent one of the policy paths', () => {
    const unconfigured = withFacts({
      rootPaths: { '/usr/bin/cloud-init': true, '/usr/bin/node-agent': true },
    });
    assert.equal(
      run(emtCloudInit, unconfigured).message,
      'cloud-init is not present and configured: /etc/cloud/cloud.cfg missing from the root filesystem; expected /usr/bin/cloud-init and /etc/cloud/cloud.cfg',
    );
    const agent = run(emtAgent, undefined, { agentPaths: ['/opt/agent/bin/agent', '/usr/sbin/agent'] });
    assert.equal(agent.status, 'fail');
    assert.equal(
      agent.message,
      'the edge node agent is missing: none of /opt/agent/bin/agent, /usr/sbin/agent exists in the root filesystem',
    );
  });
});
