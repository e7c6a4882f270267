/**
 * End to end through orchd and the en-agent program: a real `orchd serve` (SQLite) validates custom
 * SB_FDE profiles of bootable images served over HTTPS (our db CA as their Secure Boot
 * certificate); a host and its instance are registered over the API; the en-agent program, a
 * child process on a sparse file disk (`--disk node.img --disk-size …  --uuid … --serial …`),
 * onboards, fetches its workflow and writes the disk; QEMU then boots that disk with OVMF and
 * Secure Boot enforced. The console must show the kernel's "Secure boot enabled", the rootfs
 * os-release, CIDATA's meta-data naming orchd's instance and host, and the agent configuration
 * with the node's credential (mode 0600); for EMT, rootfs A opened through dm-verity with the root
 * hash en-agent computed, mounted read-only through it.
 *
 * Negative: a rootfs byte changed after provisioning stops the EMT boot at dm-verity; an image
 * swapped upstream after validation fails the stream step (CHECKSUM_MISMATCH, in the host's status
 * on orchd's API) and that disk never reaches a kernel; an image signed outside db fails orchd's
 * validation (`secureboot.signed`).
 *
 * The machine first boots an inventory disk (test/support/boot/pci-inventory.ts): the same
 * kernel dumps the VM's /sys/bus/pci/devices on the console, a sysfs tree is rebuilt from the dump
 * and every en-agent reads it (`--sys-root`), so orchd's hosts carry the VM's real PCI functions
 * (QEMU's e1000e NIC, virtio disk, q35's AHCI...). The images carry their kernel's real
 * modules.alias: the driver check passes on the VM's devices, and an image whose table lacks
 * e1000e, cdc_ether and cdc_subset fails the node's driver-check step (DRIVER_MISSING) before a byte of its
 * disk is written. The machine also has a USB NIC (QEMU's usb-net on an xHCI controller): the dump
 * carries /sys/bus/usb/devices and the net and block devices' links, so en-agent reports it with
 * the VM's ids and the driver its kernel bound (cdc_ether), and the check matches its `usb:` alias.
 *
 * The instances ask for no disk encryption (SECURITY_FEATURE_NONE): SB_FDE instances add the
 * encrypt-disk step, which needs a TPM and refuses on a file disk. The agent, told nothing, takes
 * its file disk's firmware as Secure Boot off; the machine that boots the disk enforces it.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { readUsbDevices } from '../../src/agent/facts/read-usb-devices.js';
import { pciModalias, usbModalias } from '../../src/core/drivers/index.js';
import type { PciDevice, UsbDevice } from '../../src/core/workflow/index.js';
import { ext4File, gptSignatures, sgdiskCheck, sgdiskList, tool } from '../agent/support/disk-oracles.js';
import { buildBootableImage } from '../fixtures/bootable/bootable-images.js';
import { describeFile } from '../fixtures/disk-image/disk-image-fixtures.js';
import { encodeImage, type ImageEncoding } from '../fixtures/disk-image/encode-image.js';
import { EMT_ROOT_UUID } from '../fixtures/os-images/os-image-variants.js';
import {
  bootStops,
  bootsToOs,
  EXT4_VOLUME_NAME,
  flipByte,
  neverReachesKernel,
} from '../support/boot/boot-checks.js';
import { missingBootProofParts } from '../support/boot/boot-proof-requirements.js';
import { BOOT_TIMEOUT_MS, openBootSession, type BootSession } from '../support/boot/boot-session.js';
import { readVmPciInventory, type VmPciInventory } from '../support/boot/pci-inventory.js';
import { qemuPciFunctions, type QemuPciFunction } from '../support/boot/qemu-boot.js';
import { runEnAgent, type AgentExit } from '../support/edge-node/en-agent-process.js';
import {
  COMPUTE,
  createProfileAndWait,
  readHost,
  registerNodeWithInstance,
  startOrchdForNodes,
  type OrchdForNodes,
  type ValidationEnd,
} from '../support/edge-node/orchd-for-nodes.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';

const missing = await missingBootProofParts();
const skip = missing.length > 0 ? `the boot proof needs ${missing.join(', ')}` : false;
const BOOT = { timeout: 2 * BOOT_TIMEOUT_MS + 300_000 };
/** Where orchd's user-data puts the node agent's configuration (with the credential), mode 0600. */
const AGENT_CONFIG_PATH = '/etc/edge-orch/agent.yaml';

type Family = 'ubuntu' | 'emt';
interface Hosted {
  readonly family: Family;
  readonly encoding: ImageEncoding;
  readonly signer: 'signer' | 'other';
  /** Modules left out of the image's modules.alias. */
  readonly withoutModules?: readonly string[];
}
/**
 * The images served; `emt-swapped` is the EMT image, replaced upstream once validated;
 * `ubuntu-no-nic-drivers` has no driver for the machine's NICs (the e1000e and the USB one).
 */
const HOSTED: Record<string, Hosted> = {
  ubuntu: { family: 'ubuntu', encoding: 'qcow2-v3', signer: 'signer' },
  'ubuntu-no-nic-drivers': {
    family: 'ubuntu',
    encoding: 'raw.zst',
    signer: 'signer',
    // cdc_subset's table claims usb-net's ids (0525:a4a2) too: without it, only the e1000e would be missing.
    withoutModules: ['e1000e', 'cdc_ether', 'cdc_subset'],
  },
  emt: { family: 'emt', encoding: 'raw.zst', signer: 'signer' },
  'emt-swapped': { family: 'emt', encoding: 'raw.zst', signer: 'signer' },
  'emt-other-key': { family: 'emt', encoding: 'raw.zst', signer: 'other' },
};

describe(
  'boot proof end to end: orchd validates, en-agent provisions, the disk boots under Secure Boot',
  { skip },
  () => {
    let session: BootSession;
    let server: ImageServer;
    let orchd: OrchdForNodes;
    const hosted: Record<string, { path: string; file: string }> = {};
    const validations: Record<string, Promise<ValidationEnd>> = {};
    let nodeCount = 0;
    /** The VM's PCI functions, read by the inventory boot; and QEMU's own list of them. */
    let inventory: VmPciInventory;
    let ubuntuHostId: string | undefined;
    let qemuPci: QemuPciFunction[];
    /** The VM's USB devices as en-agent's reader reads them from the rebuilt tree. */
    let usbDevices: UsbDevice[];

    before(async () => {
    session = await openBootSession();
    // The machine's first boot, while the images are built and validated.
    const inventoryRead = readVmPciInventory(session, join(session.dir, 'inventory'));
    inventoryRead.catch(() => undefined);
    const certs = await loadTestCertificates();
    const files: Record<string, { content: { file: string } }> = {};
    const described: Record<string, { sha256: string }> = {};
    for (const [name, spec] of Object.entries(HOSTED)) {
      const dir = join(session.dir, `hosted-${name}`);
      const raw = await buildBootableImage(session.artefacts, spec.family, dir, {
        loaderSigner: spec.signer,
        ...(spec.withoutModules ? { withoutModules: spec.withoutModules } : {}),
      });
      const file = await describeFile(await encodeImage(raw, spec.encoding, dir));
      hosted[name] = { path: `/${name}.${spec.encoding}`, file: file.path };
      described[name] = file;
      files[hosted[name].path] = { content: { file: file.path } };
    }
    server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
    orchd = await startOrchdForNodes(session.dir);
    for (const [name, spec] of Object.entries(HOSTED)) {
      validations[name] = createProfileAndWait(orchd, {
        name: `${name} boot proof`,
        profileName: `${spec.family === 'ubuntu' ? 'ubuntu-22.04-lts' : 'microvisor'}-${name}`,
        imageUrl: server.url(hosted[name]!.path),
        imageId: spec.family === 'ubuntu' ? '22.04.5' : '3.0.20261101.0100',
        sha256: described[name]!.sha256,
        osType: spec.family === 'ubuntu' ? 'MUTABLE' : 'IMMUTABLE',
        securityFeature: 'SB_FDE',
        tlsCaCert: certs.ca.cert,
        secureBootCerts: session.artefacts.keys.ca.cert,
      });
    }
    // Nothing waits on a rejection before its test does.
    for (const v of Object.values(validations)) v.catch(() => undefined);
    inventory = await inventoryRead;
    qemuPci = await qemuPciFunctions(inventory.disk);
    usbDevices = await readUsbDevices(inventory.sysRoot);
    console.log(`# inventory boot: ${inventory.functions.length} PCI functions and ${inventory.usb.entries.length} USB entries read from the VM's /sys in ${inventory.run.seconds} s`);
  }, { timeout: 900_000 }); // prettier-ignore

    after(async () => {
      await orchd?.close();
      await server?.close();
    });

    /** The profile of `name`, its validation passed. */
    async function passedProfile(name: string): Promise<string> {
      const validation = await validations[name]!;
      assert.equal(
        validation.state,
        'passed',
        JSON.stringify(validation.checks.filter((c) => c.status !== 'pass')),
      );
      return validation.profileId;
    }

    /**
     * A new node with an instance of `osId`, provisioned by the en-agent program on a sparse file
     * disk (or on `existingDisk`), its PCI inventory the VM's.
     */
    async function provision(osId: string, diskSize: string, existingDisk?: string) {
      nodeCount += 1;
      const n = String(nodeCount).padStart(4, '0');
      const node = { uuid: `4c4c4544-0042-4a10-8052-0000000b${n}`, serialNumber: `BOOTPROOF${n}` };
      const { hostId, instanceId } = await registerNodeWithInstance(orchd, node, osId);
      const disk = existingDisk ?? join(session.dir, `node-${n}.img`);
      const stateDir = join(session.dir, `node-${n}.state`);
      const agent = await runEnAgent({
        orchestrator: orchd.url,
        disk,
        diskSize,
        uuid: node.uuid,
        serial: node.serialNumber,
        stateDir,
        sysRoot: inventory.sysRoot,
      });
      return { hostId, instanceId, disk, stateDir, agent, host: await readHost(orchd, hostId) };
    }

    function assertProvisioned(agent: AgentExit, host: { instance?: { provisioningStatus?: string } }): void {
      assert.equal(agent.code, 0, agent.output);
      assert.equal(host.instance?.provisioningStatus, 'Provisioned', JSON.stringify(host.instance));
    }

    /** The seeded agent configuration as orchd rendered it: sha256 of its content, checked for our ids. */
    async function agentConfigFile(userData: string, hostId: string, stateDir: string) {
      const config = (
        parse(userData) as { write_files: { path: string; content: string }[] }
      ).write_files.find((f) => f.path === AGENT_CONFIG_PATH);
      assert.ok(config, `user-data writes ${AGENT_CONFIG_PATH}`);
      const saved = JSON.parse(await readFile(join(stateDir, 'node-credential.json'), 'utf8')) as {
        hostId: string;
        credential: string;
      };
      const fields = parse(config.content) as { hostId: string; credential: string };
      assert.equal(fields.hostId, hostId);
      assert.equal(saved.hostId, hostId);
      assert.equal(fields.credential, saved.credential, 'the credential orchd gave the node at onboarding');
      return {
        path: AGENT_CONFIG_PATH,
        mode: '600',
        sha256: createHash('sha256').update(config.content).digest('hex'),
      };
    }

    it('Ubuntu-like (qcow2): boots with root by label, os-release, the seed of its orchd host, the credential 0600', BOOT, async () => {
    const osId = await passedProfile('ubuntu');
    const { hostId, disk, stateDir, agent, host } = await provision(osId, '8G');
    assertProvisioned(agent, host);
    const run = await bootsToOs(session, disk, {
      rootMount: /^\/dev\/vda1 \/root ext4 ro,/,
      osRelease: { ID: 'ubuntu', VERSION: '22.04.5 LTS (Jammy Jellyfish)' },
      metaData: { 'instance-id': hostId, 'local-hostname': hostId },
    });
    const config = await agentConfigFile(run.report.userData, hostId, stateDir);
    assert.deepEqual(run.report.seededFiles.find((f) => f.path === config.path), config);
    ubuntuHostId = hostId;
    console.log(`# Ubuntu-like disk provisioned by en-agent through orchd booted in ${run.seconds} s (host ${hostId})`);
  }); // prettier-ignore

    /** The dumped functions as en-agent reports them (ids without 0x, the class in 6 digits). */
    function dumpedDevices(): PciDevice[] {
      const bare = (text: string) => text.replace(/^0x/, '');
      return inventory.functions.map((f) => ({
        address: f.address,
        vendor: bare(f.files.vendor),
        device: bare(f.files.device),
        subsystemVendor: bare(f.files.subsystem_vendor),
        subsystemDevice: bare(f.files.subsystem_device),
        class: bare(f.files.class),
        driver: f.driver,
      }));
    }

    /** The VM's NIC as the inventory boot saw it (the QEMU definition's e1000e). */
    function vmNic(): PciDevice {
      const nic = dumpedDevices().find((d) => d.class.startsWith('02'));
      assert.ok(nic, `the VM has a network controller: ${JSON.stringify(inventory.functions)}`);
      return nic;
    }

    it("the inventory boot: the VM's own /sys lists QEMU's devices with their real ids, the kernel's modalias and bound drivers", () => {
    // Every function QEMU's monitor lists, and only those, with the same ids.
    assert.deepEqual(
      dumpedDevices().map((d) => [d.address, d.vendor, d.device, d.subsystemVendor, d.subsystemDevice]),
      qemuPci.map((q) => [q.address, q.vendor, q.device, q.subsystemVendor, q.subsystemDevice]),
    );
    // The machine definition: an e1000e NIC, the disk on virtio-blk, q35's AHCI, each bound by the kernel.
    const byIds = (ids: string) => dumpedDevices().filter((d) => `${d.vendor}:${d.device}` === ids);
    assert.deepEqual(byIds('8086:10d3').map((d) => [d.class, d.driver]), [['020000', 'e1000e']]);
    assert.deepEqual(byIds('1af4:1001').map((d) => [d.class, d.driver]), [['010000', 'virtio-pci']]);
    assert.deepEqual(byIds('8086:2922').map((d) => [d.class, d.driver]), [['010601', 'ahci']]);
    assert.deepEqual(byIds('8086:29c0').map((d) => [d.class, d.driver]), [['060000', null]]);
    // Our modalias from the reported ids is the one the VM's kernel wrote.
    for (const [i, device] of dumpedDevices().entries())
      assert.equal(pciModalias(device), inventory.functions[i]!.files.modalias, device.address);
  }); // prettier-ignore

    /** The VM's USB NIC (QEMU's usb-net) as en-agent reads it, and its interface the net device hangs off. */
    function vmUsbNic(): { device: UsbDevice; intf: UsbDevice['interfaces'][number] } {
      const device = usbDevices.find((d) => d.interfaces.some((i) => i.netDevices.length > 0));
      assert.ok(device, `the VM has a USB NIC: ${JSON.stringify(inventory.usb)}`);
      return { device, intf: device.interfaces.find((i) => i.netDevices.length > 0)! };
    }

    it("the inventory boot: the VM's USB NIC on xHCI, read by en-agent's USB reader from the rebuilt tree with its real ids, interfaces and cdc_ether", () => {
    // QEMU's usb-net (NetChip's CDC Ethernet/RNDIS gadget ids) on the xHCI root hub's first port; the
    // kernel chose its CDC Ethernet configuration, cdc_ether claimed both interfaces, usb0 hangs off the first.
    assert.deepEqual(
      usbDevices.map((d) => [d.address, d.vendor, d.product, d.bcdDevice, d.class, d.subClass, d.protocol]),
      [['1-1', '0525', 'a4a2', '0000', '02', '00', '00']],
    );
    assert.deepEqual(
      usbDevices[0]!.interfaces.map((i) => [i.name, i.number, i.class, i.subClass, i.protocol, i.driver, i.netDevices, i.blockDevices]),
      [
        ['1-1:1.0', '00', '02', '06', '00', 'cdc_ether', ['usb0'], []],
        ['1-1:1.1', '01', '0a', '00', '00', 'cdc_ether', [], []],
      ],
    );
    // The rebuilt tree keeps the kernel's layout: usb0's device link resolves under the xHCI function.
    const xhci = dumpedDevices().find((d) => d.class === '0c0330');
    assert.deepEqual([xhci?.vendor, xhci?.device, xhci?.driver], ['1b36', '000d', 'xhci_hcd']);
    assert.deepEqual(
      inventory.usb.links.find((l) => l.name === 'usb0'),
      { kind: 'net', name: 'usb0', device: `/sys/devices/pci0000:00/${xhci!.address}/usb1/1-1/1-1:1.0` },
    );
    // Our modalias from the reported ids is the one the VM's kernel wrote for each interface.
    for (const device of usbDevices)
      for (const intf of device.interfaces)
        assert.equal(usbModalias(device, intf), inventory.usb.entries.find((e) => e.name === intf.name)?.files.modalias, intf.name);
  }); // prettier-ignore

    it("orchd's host lists the VM's PCI devices, and the driver check passes: the image's kernel has the driver the VM bound for each", async (t) => {
    if (!ubuntuHostId) return t.skip('needs the provisioned Ubuntu node of the test before');
    const host = await readHost(orchd, ubuntuHostId);
    assert.deepEqual(host.hostPciDevices, dumpedDevices());
    assert.deepEqual(host.hostUsbDevices, usbDevices);
    const usbNic = vmUsbNic();
    const release = session.artefacts.kernel.release;
    const check = await orchd.api('GET', `${COMPUTE}/hosts/${ubuntuHostId}/driver-check`);
    assert.equal(check.status, 200, JSON.stringify(check.json));
    assert.deepEqual([check.json.state, check.json.kernels, check.json.missing], ['covered', [release], []]);
    const checked = dumpedDevices().filter((d) => /^0[12]/.test(d.class));
    // The PCI storage and network controllers, then the USB NIC's interface (usb: aliases).
    assert.deepEqual(
      check.json.devices.map((d: { bus: string; address: string; ids: string; kind: string; modalias: string; state: string }) => [d.bus, d.address, d.state]),
      [...checked.map((d) => ['pci', d.address, 'covered']), ['usb', usbNic.intf.name, 'covered']],
    );
    assert.deepEqual(
      (({ ids, kind, modalias, boundHere }) => ({ ids, kind, modalias, boundHere }))(check.json.devices.at(-1)),
      { ids: '0525:a4a2', kind: 'USB network adapter', modalias: usbModalias(usbNic.device, usbNic.intf), boundHere: 'cdc_ether' },
    );
    // The image's table names the very driver the VM's kernel bound (virtio-pci is virtio_pci; cdc_ether for the USB NIC).
    for (const device of check.json.devices as { address: string; boundHere: string; drivers: Record<string, string[]> }[]) {
      const modules = device.drivers[release]!.map((m) => m.replace(/ \(built-in\)$/, ''));
      assert.ok(modules.includes(device.boundHere.replaceAll('-', '_')), `${device.address}: ${device.boundHere} in ${modules}`);
    }
    const step = host.instance.provisioning.steps.find((s: { id: string }) => s.id === 'driver-check');
    assert.deepEqual(
      [step.state, step.detail],
      ['succeeded', `${checked.length} device(s) of classes 01, 02 and 1 USB interface(s) have a driver in kernel ${release}`],
    );
  }); // prettier-ignore

    it("an image whose kernel lacks the VM NICs' drivers (e1000e; cdc_ether and cdc_subset for the USB NIC): DRIVER_MISSING at the driver-check step naming both, not one byte of the disk written", BOOT, async () => {
    const osId = await passedProfile('ubuntu-no-nic-drivers');
    const nic = vmNic();
    const usbNic = vmUsbNic();
    const release = session.artefacts.kernel.release;
    // A disk full of someone's data: every byte is compared after the failed run.
    const disk = join(session.dir, 'node-with-data.img');
    await writeFile(disk, randomBytes(64 * 1024 * 1024));
    const hash = async () => createHash('sha256').update(await readFile(disk)).digest('hex');
    const before = await hash();
    const { hostId, agent, host } = await provision(osId, '8G', disk);
    const expected = [
      `Ethernet controller 8086:10d3 at ${nic.address} (bound to e1000e here) has no driver in the image's kernel ${release}`,
      `USB network adapter 0525:a4a2 at ${usbNic.intf.name} (bound to cdc_ether here) has no driver in the image's kernel ${release}`,
    ];
    assert.equal(agent.code, 1, agent.output);
    assert.ok(agent.output.includes(`provisioning failed: DRIVER_MISSING: ${expected.join('; ')}\n`), agent.output);
    assert.equal(await hash(), before, 'not one byte of the disk changed');
    assert.equal(host.instance.provisioningStatus, `Provisioning Failed: 2/8: Checking drivers for this hardware failed: ${expected.join('; ')}`);
    assert.deepEqual(
      host.instance.provisioning.steps.slice(1, 3).map((s: { id: string; state: string }) => [s.id, s.state]),
      [['driver-check', 'failed'], ['erase-disk', 'pending']],
    );
    const check = await orchd.api('GET', `${COMPUTE}/hosts/${hostId}/driver-check`);
    assert.deepEqual([check.json.state, check.json.missing], ['missing', expected]);
    assert.deepEqual(
      check.json.devices.filter((d: { state: string }) => d.state !== 'covered').map((d: { bus: string; ids: string }) => [d.bus, d.ids]),
      [['pci', '8086:10d3'], ['usb', '0525:a4a2']],
    );
  }); // prettier-ignore

    let emtDisk: string | undefined;
    it('EMT-like (raw.zst): boots through dm-verity with the root hash en-agent computed, root read-only, the seed of its orchd host', BOOT, async () => {
    const osId = await passedProfile('emt');
    const { hostId, disk, stateDir, agent, host } = await provision(osId, '40G');
    assertProvisioned(agent, host);
    const rootHash = /root hash ([0-9a-f]{64})/.exec(
      agent.output.split('\n').find((l) => /done: .*root hash [0-9a-f]{64}/.test(l)) ?? '',
    )?.[1];
    assert.ok(rootHash, `the layout step logs its root hash:\n${agent.output}`);
    const roothashPart = (await sgdiskCheck(disk)).find((p) => p.name === 'roothash')!;
    assert.equal((await ext4File(disk, roothashPart, '/part_a_roothash')).trim(), rootHash);
    const run = await bootsToOs(session, disk, {
      proofLines: [
        `boot_uuid ${EMT_ROOT_UUID} is /dev/vda2`,
        `verity: data /dev/vda2 hash /dev/vda4 root hash ${rootHash}`,
      ],
      verityDevice: '/dev/mapper/rootfs_verity',
      rootMount: /^\/dev\/mapper\/rootfs_verity \/root ext4 ro,/,
      osRelease: { NAME: 'Edge Microvisor Toolkit', VERSION_ID: '3.0' },
      metaData: { 'instance-id': hostId, 'local-hostname': hostId },
    });
    const config = await agentConfigFile(run.report.userData, hostId, stateDir);
    assert.deepEqual(run.report.seededFiles.find((f) => f.path === config.path), config);
    emtDisk = disk;
    console.log(`# EMT-like disk provisioned by en-agent through orchd booted through dm-verity in ${run.seconds} s`);
  }); // prettier-ignore

    it('EMT-like: a rootfs byte changed after provisioning stops the boot at dm-verity', BOOT, async (t) => {
      if (!emtDisk) return t.skip('needs the provisioned EMT disk of the test before');
      const disk = join(session.dir, 'emt-flipped.img');
      await tool('cp', ['--sparse=always', emtDisk, disk]);
      const rootfs = (await sgdiskList(disk)).find((p) => p.number === 2)!;
      await flipByte(disk, rootfs.offset + EXT4_VOLUME_NAME);
      const report = await bootStops(
        session,
        disk,
        'cannot mount the root filesystem /dev/mapper/rootfs_verity',
        /device-mapper: verity: 25\d:\d+: data block 0 is corrupted/,
      );
      assert.equal(report.verityDevice, '/dev/mapper/rootfs_verity');
    });

    it('an image swapped upstream after validation: the stream step fails CHECKSUM_MISMATCH, orchd shows it, the disk never reaches a kernel', BOOT, async () => {
    const osId = await passedProfile('emt-swapped');
    // The same path now serves other bytes (another valid image): what a compromised or replaced
    // upstream file looks like to the node.
    server.replace(hosted['emt-swapped']!.path, { content: { file: hosted['emt-other-key']!.file } });
    const { disk, agent, host } = await provision(osId, '40G');
    assert.equal(agent.code, 1, agent.output);
    assert.match(agent.output, /provisioning failed: CHECKSUM_MISMATCH: /);
    const reason = /provisioning failed: CHECKSUM_MISMATCH: (.*)/.exec(agent.output)![1]!;
    assert.match(host.instance.provisioningStatus, /^Provisioning Failed: \d+\/\d+: /);
    assert.ok(host.instance.provisioningStatus.endsWith(reason), `${host.instance.provisioningStatus} ends with ${reason}`);
    assert.deepEqual(await gptSignatures(disk), { primary: false, backup: false }, 'no partition table at either end');
    await neverReachesKernel(session, disk);
  }); // prettier-ignore

    it('an image signed outside db: orchd fails its validation at secureboot.signed', async () => {
      const validation = await validations['emt-other-key']!;
      assert.equal(validation.state, 'failed');
      const signed = validation.checks.find((c) => c.id === 'secureboot.signed');
      assert.equal(signed?.status, 'fail');
      assert.match(
        signed?.message ?? '',
        /EFI\/BOOT\/BOOTX64\.EFI signed by edge-orch unrelated boot signer, not trusted/,
      );
    });
  },
);
