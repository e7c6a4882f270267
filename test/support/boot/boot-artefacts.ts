/**
 * @module
 * Everything a boot proof needs besides the disk, built once per machine and cached under
 * `.tmp/boot-proof/` (gitignored; `BOOT_PROOF_CACHE` moves it): the Debian kernel and its early
 * modules, the initramfs, our Secure Boot keys (PK, KEK, and the db CA the images are signed
 * under) and an OVMF variable store with them enrolled. A cache entry is keyed by what it is made
 * of (kernel package, /init, module list), is built in a temporary folder and renamed into place,
 * so parallel test processes share it safely. Each process reuses its first answer.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import {
  generateSecureBootKeys,
  selfSignedCa,
  type SecureBootKeys,
  type SigningPair,
} from '../../fixtures/os-images/secure-boot-keys.js';
import { BOOT_INIT_SCRIPT, buildInitramfs } from './boot-initramfs.js';
import { currentKernelPackage, debianKernel, EARLY_MODULES, type DebianKernel } from './debian-kernel.js';
import { enrollSecureBootKeys } from './ovmf-variable-store.js';
import { OVMF_BLANK_VARS } from './qemu-boot.js';

/** Owner GUID of our signature list entries (any fixed GUID of ours). */
export const KEY_OWNER_GUID = '5E1F0A6B-9D2C-4B7E-8A31-0B00700F0001';

/** The cached boot parts. */
export interface BootArtefacts {
  readonly cacheDir: string;
  readonly kernel: DebianKernel;
  /** Debian's kernel with Debian's signature removed (the images sign it, or a UKI holds it). */
  readonly kernelUnsigned: string;
  readonly initrd: string;
  /** db holds `keys.ca`; images are signed by `keys.signer`; `keys.otherSigner` is trusted by nobody. */
  readonly keys: SecureBootKeys;
  readonly platformKeys: { readonly pk: SigningPair; readonly kek: SigningPair };
  /** OVMF variable store with PK, KEK and db enrolled: Secure Boot enforced. */
  readonly secureBootVars: string;
}

const REPO = new URL('../../../', import.meta.url).pathname;
let shared: Promise<BootArtefacts> | undefined;

/** The boot artefacts, built on the first call of the process (minutes at most once per machine). */
export function bootArtefacts(): Promise<BootArtefacts> {
  shared ??= buildArtefacts(process.env.BOOT_PROOF_CACHE ?? join(REPO, '.tmp', 'boot-proof'));
  return shared;
}

async function buildArtefacts(cacheDir: string): Promise<BootArtefacts> {
  await mkdir(cacheDir, { recursive: true });
  const kernel = await debianKernel(join(cacheDir, 'kernels'), await currentKernelPackage());
  const { keys, platformKeys } = await cachedKeys(join(cacheDir, 'keys'));
  const key = createHash('sha256')
    .update(kernel.packageName)
    .update(EARLY_MODULES.join(','))
    .update(await readFile(BOOT_INIT_SCRIPT))
    .update(keys.ca.cert)
    .digest('hex')
    .slice(0, 16);
  const dir = join(cacheDir, `boot-${key}`);
  await cachedFolder(dir, async (stage) => {
    await buildInitramfs(kernel, join(stage, 'initrd.img'));
    await copyFile(kernel.vmlinuz, join(stage, 'vmlinuz.unsigned'));
    await runTool('sbattach', ['--remove', join(stage, 'vmlinuz.unsigned')]);
    const template = await readFile(OVMF_BLANK_VARS);
    const vars = enrollSecureBootKeys(template, {
      owner: KEY_OWNER_GUID,
      pk: derOf(platformKeys.pk.cert),
      kek: derOf(platformKeys.kek.cert),
      db: [derOf(keys.ca.cert)],
    });
    await writeFile(join(stage, 'secure-boot-vars.fd'), vars);
  });
  return {
    cacheDir,
    kernel,
    kernelUnsigned: join(dir, 'vmlinuz.unsigned'),
    initrd: join(dir, 'initrd.img'),
    keys,
    platformKeys,
    secureBootVars: join(dir, 'secure-boot-vars.fd'),
  };
}

/** The keys, generated once into `dir` (db CA and signers as the image fixtures make them, PK, KEK). */
async function cachedKeys(dir: string): Promise<Pick<BootArtefacts, 'keys' | 'platformKeys'>> {
  await cachedFolder(dir, async (stage) => {
    await generateSecureBootKeys(stage);
    await selfSignedCa(stage, 'pk', 'edge-orch boot proof PK');
    await selfSignedCa(stage, 'kek', 'edge-orch boot proof KEK');
  });
  const pair = async (name: string): Promise<SigningPair> => ({
    cert: await readFile(join(dir, `${name}.pem`), 'utf8'),
    certPath: join(dir, `${name}.pem`),
    keyPath: join(dir, `${name}.key`),
  });
  return {
    keys: {
      ca: await pair('sb-ca'),
      signer: await pair('sb-signer'),
      otherCa: await pair('sb-other-ca'),
      otherSigner: await pair('sb-other-signer'),
    },
    platformKeys: { pk: await pair('pk'), kek: await pair('kek') },
  };
}

/** Fills `dir` with `build` unless it exists; a folder that lost the rename race is dropped. */
export async function cachedFolder(dir: string, build: (stage: string) => Promise<void>): Promise<void> {
  if (await exists(dir)) return;
  const stage = await mkdtemp(`${dir}.building-`);
  try {
    await build(stage);
    await rename(stage, dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The DER bytes of the first certificate in `pem`. */
export function derOf(pem: string): Uint8Array {
  const body = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error('no PEM certificate');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}
