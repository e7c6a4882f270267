/**
 * @module
 * The EFI binary reader inspection uses, backed by our Authenticode verifier, the boot-chain
 * judgement (firmware db/dbx, shim's vendor certificate and deny list, MOK) and the UKI reader.
 */
import type * as pkijs from 'pkijs';
import { parseDbxInput, parseSbat, parseSbatLevel } from '../../core/secure-boot/index.js';
import {
  decodeSbatLevelSection,
  examinePe,
  judgeBootChain,
  nodeCryptoEngine,
  readUkiCmdline,
  type PeExam,
  type SecureBootTrust,
} from '../authenticode/index.js';
import { parseTrustedCertificates } from '../authenticode/trusted-certificates.js';
import type { EfiBinaryReader, EfiSignatureVerdict } from '../inspect/efi-binary-reader.js';
import type { SbatLevelFacts } from '../inspect/image-facts.js';

/** The profile's Secure Boot inputs, as text (PEM or base64; the dbx also takes SHA-256 hashes). */
export interface SecureBootInputs {
  /** db: the certificates a first stage must chain to. */
  readonly db?: string;
  /** dbx: revoked certificates and SHA-256 Authenticode hashes. */
  readonly dbx?: string;
  /** MOK certificates shim trusts for second stages. */
  readonly mok?: string;
}

const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

/** The profile's variables as the chain judgement takes them; a field that does not parse becomes `problem`. */
export function secureBootTrust(inputs: SecureBootInputs): SecureBootTrust {
  const problems: string[] = [];
  const certs = (text: string | undefined, label: string): pkijs.Certificate[] => {
    if (text === undefined || text.trim() === '') return [];
    try {
      return parseTrustedCertificates(text, label);
    } catch (error) {
      problems.push((error as Error).message);
      return [];
    }
  };
  const db = certs(inputs.db, 'secureBootCerts');
  const mok = certs(inputs.mok, 'secureBootMokCerts');
  const dbx = parseDbxInput(inputs.dbx ?? '');
  if (!dbx.ok) problems.push(dbx.problem);
  return {
    db,
    mok,
    dbx: dbx.ok ? dbx.value : { certificates: [], sha256: [] },
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}

function sbatFacts(exam: PeExam): Pick<EfiSignatureVerdict, 'sbat' | 'sbatProblem'> {
  if (exam.sections.sbat === undefined) return {};
  const parsed = parseSbat(latin1(exam.sections.sbat));
  return parsed.ok ? { sbat: parsed.entries } : { sbatProblem: parsed.problem };
}

function shimLevel(exam: PeExam): SbatLevelFacts | undefined {
  if (exam.sections.sbatLevel === undefined) return undefined;
  try {
    const { latest } = decodeSbatLevelSection(exam.sections.sbatLevel);
    const parsed = parseSbatLevel(latest, 'shim .sbatlevel');
    return parsed.ok ? { text: latest, entries: parsed.entries } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A reader that judges the boot chain against the profile's Secure Boot inputs; without a db a
 * signed binary is reported with its signers but never as chaining to a trusted certificate.
 */
export function authenticodeReader(inputs: SecureBootInputs): EfiBinaryReader<PeExam> {
  const engine = nodeCryptoEngine();
  const trust = secureBootTrust(inputs);
  return {
    examine: (source) => examinePe(source, engine),
    async judge(binaries) {
      const verdicts = await judgeBootChain(
        binaries.map((b) => ({
          where: b.where,
          folder: b.folder,
          stage: b.role === 'loader' ? 'first' : 'second',
          exam: b.exam,
        })),
        trust,
        engine,
      );
      return verdicts.map((verdict, index): EfiSignatureVerdict => {
        const exam = binaries[index]!.exam;
        const level = verdict.shim && shimLevel(exam);
        const { verified, shim, signers, ...rest } = verdict;
        return {
          signed: exam.signatures.length > 0 || exam.problems.length > 0,
          signers,
          chainsToTrusted: verified,
          ...rest,
          ...sbatFacts(exam),
          ...(shim ? { shim: { ...shim, ...(level ? { sbatLevel: level } : {}) } } : {}),
        };
      });
    },
    ukiCmdline: async (source) => (await readUkiCmdline(source)).cmdline,
  };
}
