/**
 * @module
 * The seam between inspection and the Authenticode/PE reader: what inspection needs to know of
 * one EFI binary. The validation entry point passes the real reader (src/image/authenticode);
 * tests may pass their own.
 */

/** The signature facts of one EFI binary. */
export interface EfiSignatureVerdict {
  /** It carries an Authenticode signature. */
  readonly signed: boolean;
  /** Subjects of the signing certificates. */
  readonly signers: readonly string[];
  /** A signature verifies and chains to the trusted (Secure Boot) certificates. */
  readonly chainsToTrusted: boolean;
  /** Why it does not verify or chain, when it does not. */
  readonly problem?: string;
}

/** Reads EFI binaries: their signature, and a UKI's kernel command line. */
export interface EfiBinaryReader {
  /** Verifies the Authenticode signature of a PE against the trusted certificates, if any. */
  verify(bytes: Uint8Array): Promise<EfiSignatureVerdict>;
  /** The `.cmdline` section of a UKI, undefined when it has none; throws for a damaged PE. */
  ukiCmdline(bytes: Uint8Array): string | undefined;
}
