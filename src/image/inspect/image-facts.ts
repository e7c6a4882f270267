/**
 * @module
 * The facts inspection finds in an image: what the checks (src/image/checks) judge and what the
 * validation report shows the operator. Plain data, JSON-friendly (numbers are byte counts).
 */

import type { KernelDrivers } from '../../core/drivers/index.js';

/** A filesystem kind inspection recognises from its superblock. */
export type FilesystemKind = 'vfat' | 'ext4';

/** One GPT partition. */
export interface PartitionFacts {
  /** Partition number (1-based slot of the entry array, as `sgdisk -p` prints it). */
  readonly number: number;
  /** GPT partition name ('' when none). */
  readonly name: string;
  /** Type GUID, upper case. */
  readonly type: string;
  /** sgdisk's name of the type, when known. */
  readonly typeName?: string;
  /** Byte offset of the partition. */
  readonly start: number;
  /** Size in bytes. */
  readonly size: number;
  /** Filesystem found in it, when recognised. */
  readonly fs?: FilesystemKind;
  /** Filesystem label, when the filesystem has one. */
  readonly label?: string;
}

/** What the GPT validator said. */
export interface GptFacts {
  /** A GPT header was found at all (false for an MBR-only or blank disk). */
  readonly found: boolean;
  /** No issue of severity error. */
  readonly valid: boolean;
  readonly protectiveMbr: boolean;
  /** Messages of the error issues, in the validator's order. */
  readonly errors: readonly string[];
  /** Messages of the warning issues. */
  readonly warnings: readonly string[];
}

/**
 * Where an EFI binary sits in the boot chain: `loader` the first stage the firmware starts
 * (\EFI\BOOT\BOOTX64.EFI, shim); `bootloader` a second-stage loader (grub, systemd-boot);
 * `uki` and `kernel` what boots Linux; `other` anything else under \EFI (MokManager, fallback).
 */
export type EfiBinaryRole = 'loader' | 'bootloader' | 'uki' | 'kernel' | 'other';

/** One line of a binary's `.sbat`. */
export interface SbatEntryFacts {
  readonly component: string;
  readonly generation: number;
  readonly vendor: string;
  readonly packageName: string;
  readonly version: string;
}

/** A revocation level: where it came from and its `component,generation` entries. */
export interface SbatLevelFacts {
  /** e.g. `sbat,1,2025051000\nshim,4\ngrub,5\n` */
  readonly text: string;
  readonly entries: readonly { readonly component: string; readonly generation: number }[];
}

/** One EFI (PE) binary of the image and its Authenticode signature. */
export interface EfiBinaryFacts {
  /** Path inside its filesystem, `/`-separated, as stored (FAT keeps the case it was given). */
  readonly path: string;
  /** Partition number of the filesystem holding it. */
  readonly partition: number;
  readonly role: EfiBinaryRole;
  /** Carries an Authenticode signature at all. */
  readonly signed: boolean;
  /** Subjects of the signing certificates (one per signature). */
  readonly signers: readonly string[];
  /**
   * A signature verifies and chains to an anchor of its stage (first stage: the profile's db;
   * second stage: db, the MOK list or the verified shim's vendor certificate), and neither the
   * profile's dbx nor the shim's deny list revokes it.
   */
  readonly chainsToTrusted: boolean;
  /** Common name of the signer whose signature verified. */
  readonly signedBy?: string;
  /** The anchor it chained to, e.g. `db certificate Microsoft Corporation UEFI CA 2011`. */
  readonly anchor?: string;
  /** The deny-list entry that revokes it. */
  readonly revoked?: string;
  /** Why the signature does not verify or chain, when it does not. */
  readonly problem?: string;
  /** Its `.sbat` entries, when it has a readable one. */
  readonly sbat?: readonly SbatEntryFacts[];
  /** Why its `.sbat` could not be read. */
  readonly sbatProblem?: string;
  /** When it is a shim: its version, the certificates of its `.vendor_cert`, its latest `.sbatlevel`. */
  readonly shim?: {
    readonly version?: string;
    readonly vendorCertificates: readonly string[];
    readonly sbatLevel?: SbatLevelFacts;
  };
}

/** The kernel command line of one UKI (its `.cmdline` section). */
export interface UkiCmdlineFacts {
  readonly path: string;
  readonly partition: number;
  /** The command line; absent when the UKI has no readable `.cmdline`. */
  readonly cmdline?: string;
  /** Why it could not be read. */
  readonly problem?: string;
}

/** Everything inspection learnt about one image. */
export interface ImageFacts {
  /** Detected layers, outermost first, e.g. `['gzip', 'qcow2']`. */
  readonly formatChain: readonly string[];
  /** Bytes of the hosted file. */
  readonly hostedBytes: number;
  /** Size of the raw disk. */
  readonly virtualSize: number;
  /** sha256 of the hosted file, lower-case hex. */
  readonly sha256: string;
  readonly gpt: GptFacts;
  readonly partitions: readonly PartitionFacts[];
  /** Partition number of the root filesystem os-release and the probed paths were read from. */
  readonly rootPartition?: number;
  /** Fields of /etc/os-release (links followed), when a root filesystem holds one. */
  readonly osRelease?: Readonly<Record<string, string>>;
  readonly efiBinaries: readonly EfiBinaryFacts[];
  /** Command lines of the UKIs in \EFI\Linux, when there are any. */
  readonly ukiCmdlines?: readonly UkiCmdlineFacts[];
  /**
   * The image's kernels (module trees, kernel images, UKIs) and the PCI alias table of each:
   * what the driver check matches a node's devices against (absent in reports made before it).
   */
  readonly kernels?: readonly KernelDrivers[];
  /** Each probed path of the root filesystem (cloud-init, agent) and whether it exists. */
  readonly rootPaths: Readonly<Record<string, boolean>>;
  /** What inspection could not read (an unreadable filesystem, a damaged binary), one line each. */
  readonly problems: readonly string[];
}
