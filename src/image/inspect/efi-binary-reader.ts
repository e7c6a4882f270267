/**
 * @module
 * The seam between inspection and the Authenticode/PE reader: what inspection needs to know of
 * the EFI binaries of an image. The validation entry point passes the real reader
 * (src/image/validate/authenticode-reader.ts); tests may pass their own.
 */
import type { ByteSource } from '../fs/index.js';
import type { EfiBinaryRole, SbatEntryFacts, SbatLevelFacts } from './image-facts.js';

/** The Secure Boot facts of one EFI binary within its image's boot chain. */
export interface EfiSignatureVerdict {
  /** It carries an Authenticode signature. */
  readonly signed: boolean;
  /** Subjects of the signing certificates. */
  readonly signers: readonly string[];
  /** A signature verifies and chains to an anchor of its stage, and no deny list revokes it. */
  readonly chainsToTrusted: boolean;
  /** Common name of the signer whose signature verified. */
  readonly signedBy?: string;
  /** The anchor it chained to (`db certificate ...`, `MOK certificate ...`, `the vendor certificate ... in shim 16.1 (...)`). */
  readonly anchor?: string;
  /** The deny-list entry that revokes it. */
  readonly revoked?: string;
  /** Why it does not verify or chain, when it does not. */
  readonly problem?: string;
  /** Its `.sbat` entries, when it has a readable one. */
  readonly sbat?: readonly SbatEntryFacts[];
  /** Why its `.sbat` could not be read. */
  readonly sbatProblem?: string;
  /** A shim's `.sbatlevel` (its latest policy) and version, when it is a shim. */
  readonly shim?: {
    readonly version?: string;
    readonly vendorCertificates: readonly string[];
    readonly sbatLevel?: SbatLevelFacts;
  };
}

/** One binary handed to {@link EfiBinaryReader.judge}. */
export interface ExaminedBinary<E> {
  /** `p<partition>:<path>` */
  readonly where: string;
  /** The folder holding it, `p<partition>:<dir>` (a shim trusts for the loader beside it first). */
  readonly folder: string;
  readonly role: EfiBinaryRole;
  readonly exam: E;
}

/** Reads EFI binaries: each one's signatures and policy sections, then the chain as a whole. */
export interface EfiBinaryReader<E = unknown> {
  /** Reads what the chain needs of one PE file (kept small: the file itself is not held). */
  examine(source: ByteSource): Promise<E>;
  /** The verdict on every binary, in input order, judged as firmware and shim do. */
  judge(binaries: readonly ExaminedBinary<E>[]): Promise<EfiSignatureVerdict[]>;
  /** The `.cmdline` section of a UKI, undefined when it has none; rejects for a damaged PE. */
  ukiCmdline(source: ByteSource): Promise<string | undefined>;
}
