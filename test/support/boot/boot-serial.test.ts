import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBootReport } from './boot-serial.js';
import { cleanConsole } from './qemu-boot.js';

const SHA = 'a'.repeat(64);
const BOOTED = [
  '\x1b[2J\x1b[01;01HBdsDxe: loading Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x1,0x0)\r',
  '[    0.000000] secureboot: Secure boot enabled\r',
  'BOOTPROOF: SecureBoot=1 SetupMode=0 lockdown=none [integrity] confidentiality',
  'BOOTPROOF: verity: opened /dev/mapper/rootfs_verity',
  'BOOTPROOF: root mounted: /dev/mapper/rootfs_verity /root ext4 ro,relatime 0 0',
  'os-release| NAME="Edge Microvisor Toolkit"',
  'os-release| VERSION_ID="3.0"',
  'os-release| ID=ubuntu',
  'meta-data| instance-id: host-1',
  'user-data| #cloud-config',
  'user-data| write_files:',
  `BOOTPROOF: write_files /etc/credential mode 600 sha256 ${SHA}`,
  'BOOTPROOF: DONE',
].join('\n');

describe('boot console report', () => {
  it('reads the kernel line, the mounts, os-release, the seed and the files of a boot', () => {
    const report = readBootReport(cleanConsole(BOOTED));
    assert.equal(report.kernelSecureBoot, true);
    assert.equal(report.verityDevice, '/dev/mapper/rootfs_verity');
    assert.equal(report.rootMount, '/dev/mapper/rootfs_verity /root ext4 ro,relatime 0 0');
    assert.deepEqual(report.osRelease, { NAME: 'Edge Microvisor Toolkit', VERSION_ID: '3.0', ID: 'ubuntu' });
    assert.equal(report.metaData, 'instance-id: host-1');
    assert.equal(report.userData, '#cloud-config\nwrite_files:');
    assert.deepEqual(report.seededFiles, [{ path: '/etc/credential', mode: '600', sha256: SHA }]);
    assert.equal(report.done, true);
    assert.equal(report.failed, undefined);
    assert.deepEqual(report.firmwareRefusals, []);
  });

  it('reads a firmware refusal and an early stop', () => {
    const refused = readBootReport(
      cleanConsole(
        'BdsDxe: failed to load Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x1,0x0): Access Denied\r\n' +
          'BdsDxe: No bootable option or device was found.\r\n',
      ),
    );
    assert.deepEqual(refused.firmwareRefusals, [
      'Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x1,0x0): Access Denied',
    ]);
    assert.equal(refused.kernelSecureBoot, false);
    const stopped = readBootReport(
      'BOOTPROOF: FAILED cannot mount the root filesystem /dev/mapper/rootfs_verity\n',
    );
    assert.equal(stopped.failed, 'cannot mount the root filesystem /dev/mapper/rootfs_verity');
    assert.equal(stopped.done, false);
  });

  it('removes terminal escapes and carriage returns, nothing else', () => {
    assert.equal(
      cleanConsole('\x1b[2J\x1b[01;01H\x1b[=3hBdsDxe: x\r\n[ 0.1] S\r\n'),
      'BdsDxe: x\n[ 0.1] S\n',
    );
  });
});
