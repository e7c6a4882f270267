/**
 * The Secure Boot chain as firmware and shim judge it. The first stage (\EFI\BOOT\BOOTX64.EFI, a
 * shim, or a UKI booted directly) must chain to the firmware's db and not be revoked by its dbx.
 * A second stage (grub, systemd-boot, a kernel, a UKI loaded by a boot loader) is verified as shim
 * verifies it: the firmware's dbx and the verified shim's built-in deny list first, then db, the
 * MOK list and the certificate in the shim's `.vendor_cert` (without a verified shim, db only, as
 * the firmware's LoadImage does). Each verdict names who signed and which anchor it chained to.
 * @module
 */
import * as pkijs from 'pkijs';
import type { SignatureDatabase } from './efi-signature-list.js';
import type { PeExam } from './examine-pe.js';
import { decodeVendorCert } from './vendor-cert.js';
import { findAnchor, summarize, type SignatureCheck } from './verify-signed-data.js';

/** The profile's Secure Boot variables. */
export interface SecureBootTrust {
  /** db: certificates a first stage must chain to. */
  readonly db: readonly pkijs.Certificate[];
  /** dbx: revoked certificates (DER) and SHA-256 Authenticode hashes (lower-case hex). */
  readonly dbx: { readonly certificates: readonly Uint8Array[]; readonly sha256: readonly string[] };
  /** MOK certificates shim trusts for second stages. */
  readonly mok: readonly pkijs.Certificate[];
  /** Why the db cannot be used (its text did not parse), when it cannot. */
  readonly problem?: string;
}

/** One binary of the chain. */
export interface ChainBinary {
  /** `p<partition>:<path>`, as the report names it. */
  readonly where: string;
  /** Its folder (for pairing a second stage with the shim beside it). */
  readonly folder: string;
  readonly stage: 'first' | 'second';
  readonly exam: PeExam;
}

/** The verdict on one binary. */
export interface ChainVerdict {
  /** Subjects of the signing certificates. */
  readonly signers: readonly string[];
  /** A signature verified, chained to an anchor of its stage and nothing revokes it. */
  readonly verified: boolean;
  /** Common name of the signer whose signature verified. */
  readonly signedBy?: string;
  /** The anchor it chained to, e.g. `db certificate Microsoft Corporation UEFI CA 2011`. */
  readonly anchor?: string;
  /** The deny-list entry that revokes it. */
  readonly revoked?: string;
  /** Why it is not verified. */
  readonly problem?: string;
  /** For a shim: its version and the certificates of its `.vendor_cert`. */
  readonly shim?: { readonly version?: string; readonly vendorCertificates: readonly string[] };
}

interface AnchorSet {
  readonly certs: readonly pkijs.Certificate[];
  readonly label: (cert: pkijs.Certificate) => string;
}

interface Shim {
  readonly binary: ChainBinary;
  readonly version: string | undefined;
  readonly authorized: readonly pkijs.Certificate[];
  readonly deauthorized: SignatureDatabase;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sameDer = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const nameOf = (cert: pkijs.Certificate): string => summarize(cert).name;

/** shim's version from `.data.ident` (`$Version: 16.1 $`). */
function shimVersion(exam: PeExam): string | undefined {
  const ident = exam.sections.dataIdent;
  if (ident === undefined) return undefined;
  return /\$Version: ([^\s$]+) \$/.exec(new TextDecoder('latin1').decode(ident))?.[1];
}

function parseCerts(ders: readonly Uint8Array[]): pkijs.Certificate[] {
  return ders.flatMap((der) => {
    try {
      return [pkijs.Certificate.fromBER(der)];
    } catch {
      return [];
    }
  });
}

/** Which entry of a deny list revokes the binary, if one does. */
function revocation(
  exam: PeExam,
  list: { readonly certificates: readonly Uint8Array[]; readonly sha256: readonly string[] },
  whose: string,
): string | undefined {
  const hash = hex(exam.sha256);
  if (list.sha256.includes(hash)) return `its SHA-256 Authenticode hash ${hash} is in ${whose}`;
  for (const signature of exam.signatures) {
    for (const der of signature.certificates) {
      if (list.certificates.some((denied) => sameDer(denied, der))) {
        return `certificate ${nameOf(pkijs.Certificate.fromBER(der))} of its signature is in ${whose}`;
      }
    }
  }
  return undefined;
}

function unsignedVerdict(exam: PeExam): ChainVerdict {
  const problem = exam.problems.length > 0 ? exam.problems.join('; ') : undefined;
  return { signers: [], verified: false, ...(problem ? { problem } : {}) };
}

/** Tries each valid signature against each anchor set in order; the first chain wins. */
async function verifyAgainst(
  binary: ChainBinary,
  sets: readonly AnchorSet[],
  engine: pkijs.ICryptoEngine,
  describe: string,
): Promise<Pick<ChainVerdict, 'verified' | 'signedBy' | 'anchor' | 'problem'>> {
  const { signatures } = binary.exam;
  const problems: string[] = [...binary.exam.problems];
  const prefix = (i: number): string => (signatures.length > 1 ? `signature ${i + 1}: ` : '');
  for (const [index, signature] of signatures.entries()) {
    problems.push(...signature.problems.map((p) => prefix(index) + p));
    if (!signature.hashMatches || !signature.signatureValid) continue;
    const failures: string[] = [];
    for (const set of sets) {
      const match = await findAnchor(signature, set.certs, engine);
      if ('anchor' in match) {
        return {
          verified: true,
          signedBy: signature.signer?.name ?? 'an unknown signer',
          anchor: set.label(set.certs[match.anchor]!),
        };
      }
      if (set.certs.length > 0) failures.push(match.failure);
    }
    problems.push(
      `${prefix(index)}the signer does not chain to ${describe}${failures.length > 0 ? `: ${[...new Set(failures)].join('; ')}` : ''}`,
    );
  }
  return { verified: false, problem: problems.join('; ') };
}

function signersOf(signatures: readonly SignatureCheck[]): string[] {
  return signatures.flatMap((s) => (s.signer ? [s.signer.subject] : []));
}

/** Judges every binary of an image's boot chain; verdicts in the order of `binaries`. */
export async function judgeBootChain(
  binaries: readonly ChainBinary[],
  trust: SecureBootTrust,
  engine: pkijs.ICryptoEngine,
): Promise<ChainVerdict[]> {
  const verdicts = new Map<ChainBinary, ChainVerdict>();
  const db: AnchorSet = { certs: trust.db, label: (c) => `db certificate ${nameOf(c)}` };
  const shims: Shim[] = [];
  for (const binary of binaries.filter((b) => b.stage === 'first')) {
    const denies = [{ list: trust.dbx, whose: "the profile's dbx" }];
    const verdict = await judgeOne(binary, [db], denies, trust, engine, 'db');
    const shim = readShim(binary);
    if (shim === undefined) {
      verdicts.set(binary, verdict);
    } else if ('problem' in shim) {
      // Its own signature stands; only its vendor certificate cannot be used.
      verdicts.set(binary, {
        ...verdict,
        problem: [verdict.problem, shim.problem].filter(Boolean).join('; '),
      });
    } else {
      const version = shim.version ? { version: shim.version } : {};
      verdicts.set(binary, {
        ...verdict,
        shim: { ...version, vendorCertificates: shim.authorized.map(nameOf) },
      });
      if (verdict.verified) shims.push(shim);
    }
  }
  const mok: AnchorSet = { certs: trust.mok, label: (c) => `MOK certificate ${nameOf(c)}` };
  for (const binary of binaries.filter((b) => b.stage === 'second')) {
    const ordered = [
      ...shims.filter((s) => s.binary.folder === binary.folder),
      ...shims.filter((s) => s.binary.folder !== binary.folder),
    ];
    const vendor: AnchorSet[] = ordered.map((s) => ({
      certs: s.authorized,
      label: (c) =>
        `the vendor certificate ${nameOf(c)} in shim${s.version ? ` ${s.version}` : ''} (${s.binary.where})`,
    }));
    const sets = ordered.length > 0 ? [db, mok, ...vendor] : [db];
    const denies = [
      { list: trust.dbx, whose: "the profile's dbx" },
      ...ordered.map((s) => ({
        list: { certificates: s.deauthorized.certificates, sha256: s.deauthorized.sha256.map(hex) },
        whose: `the deny list of shim${s.version ? ` ${s.version}` : ''} (${s.binary.where})`,
      })),
    ];
    const describe =
      ordered.length > 0 ? "db, the MOK list or the shim's vendor certificate" : 'db (no verified shim)';
    verdicts.set(binary, await judgeOne(binary, sets, denies, trust, engine, describe));
  }
  return binaries.map((b) => verdicts.get(b)!);
}

async function judgeOne(
  binary: ChainBinary,
  sets: readonly AnchorSet[],
  denies: readonly { list: SecureBootTrust['dbx']; whose: string }[],
  trust: SecureBootTrust,
  engine: pkijs.ICryptoEngine,
  describe: string,
): Promise<ChainVerdict> {
  const { exam } = binary;
  if (exam.signatures.length === 0) return unsignedVerdict(exam);
  const signers = signersOf(exam.signatures);
  for (const deny of denies) {
    const revoked = revocation(exam, deny.list, deny.whose);
    if (revoked) return { signers, verified: false, revoked, problem: `revoked: ${revoked}` };
  }
  if (trust.problem !== undefined) return { signers, verified: false, problem: trust.problem };
  if (trust.db.length === 0 && sets.length === 1)
    return { signers, verified: false, problem: 'no Secure Boot certificates to verify against' };
  return { signers, ...(await verifyAgainst(binary, sets, engine, describe)) };
}

function readShim(binary: ChainBinary): Shim | { problem: string } | undefined {
  const section = binary.exam.sections.vendorCert;
  if (section === undefined) return undefined;
  try {
    const vendor = decodeVendorCert(section);
    return {
      binary,
      version: shimVersion(binary.exam),
      authorized: parseCerts(vendor.authorized.certificates),
      deauthorized: vendor.deauthorized,
    };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
