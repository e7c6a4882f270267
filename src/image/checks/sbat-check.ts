/**
 * @module
 * `secureboot.sbat`: the `.sbat` of shim, grub (or systemd-boot) and the UKIs against a revocation
 * level, the profile's `sbatLevel` or else the latest policy in the verified shim's `.sbatlevel`.
 * A component whose generation is below the level's is revoked: shim refuses it. A binary shim
 * loads directly (grub, systemd-boot) without `.sbat` is refused too once shim enforces SBAT;
 * a kernel or UKI verified through shim's protocol may lack one.
 */
import {
  parseSbatLevel,
  sbatRevocations,
  sbatText,
  type SbatLevelEntry,
} from '../../core/secure-boot/index.js';
import type { EfiBinaryFacts } from '../inspect/image-facts.js';
import type { CheckContext, CheckVerdict, ImageCheck } from './check-types.js';
import { chainBinaries, whereOf } from './secure-boot-check.js';

interface Level {
  readonly source: string;
  readonly entries: readonly SbatLevelEntry[];
  /** A shim that enforces SBAT is in the chain. */
  readonly shimEnforces: boolean;
}

function levelOf({ facts, profile }: CheckContext): Level | { problem: string } | undefined {
  const shim = facts.efiBinaries.find((b) => b.role === 'loader' && b.chainsToTrusted && b.shim?.sbatLevel);
  const shimEnforces = shim !== undefined;
  if (profile.sbatLevel !== undefined) {
    const parsed = parseSbatLevel(profile.sbatLevel, "the profile's sbatLevel");
    return parsed.ok
      ? { source: "the profile's sbatLevel", entries: parsed.entries, shimEnforces }
      : { problem: parsed.problem };
  }
  if (shim?.shim?.sbatLevel === undefined) return undefined;
  const version = shim.shim.version ? ` ${shim.shim.version}` : '';
  return {
    source: `the latest .sbatlevel of shim${version} (${whereOf(shim)})`,
    entries: shim.shim.sbatLevel.entries,
    shimEnforces,
  };
}

function judgeBinary(binary: EfiBinaryFacts, level: Level): string | undefined {
  const where = whereOf(binary);
  if (binary.sbatProblem !== undefined) return `${where}: ${binary.sbatProblem}`;
  if (binary.sbat === undefined) {
    return binary.role === 'bootloader' && level.shimEnforces
      ? `${where} has no .sbat section (shim refuses to load it)`
      : undefined;
  }
  const revoked = sbatRevocations(binary.sbat, level.entries);
  if (revoked.length === 0) return undefined;
  return `${where} ${revoked.map((r) => `${sbatText(r.entry)} is revoked (level ${sbatText(r.level)})`).join(', ')}`;
}

function run(context: CheckContext): CheckVerdict {
  const judged = chainBinaries(context.facts.efiBinaries).filter((b) => b.role !== 'kernel');
  const evidence = {
    sbat: judged.map((b) => ({ binary: whereOf(b), ...(b.sbat ? { entries: b.sbat.map(sbatText) } : {}) })),
  };
  const level = levelOf(context);
  if (level === undefined) {
    return {
      status: 'pass',
      message:
        'no SBAT revocation level: the profile gives no sbatLevel and no verified shim carries .sbatlevel',
      evidence,
    };
  }
  if ('problem' in level) return { status: 'fail', message: level.problem, evidence };
  const levelText = level.entries.map(sbatText).join(' ');
  const failures = judged.map((b) => judgeBinary(b, level)).filter((f): f is string => f !== undefined);
  const withLevel = { ...evidence, level: { source: level.source, entries: level.entries.map(sbatText) } };
  if (failures.length > 0) {
    return {
      status: 'fail',
      message: `revoked by ${level.source} (${levelText}): ${failures.join('; ')}`,
      evidence: withLevel,
    };
  }
  const carrying = judged.filter((b) => b.sbat !== undefined);
  const listed = carrying.map((b) => {
    const named = b.sbat!.filter((e) => level.entries.some((l) => l.component === e.component));
    return `${whereOf(b)} ${named.length > 0 ? named.map(sbatText).join(' ') : 'no component the level names'}`;
  });
  return {
    status: 'pass',
    message: `nothing revoked by ${level.source} (${levelText})${listed.length > 0 ? `: ${listed.join('; ')}` : ''}`,
    evidence: withLevel,
  };
}

/** No component of shim, the second-stage loader or a UKI is revoked by the SBAT level. */
export const secureBootSbat: ImageCheck = { id: 'secureboot.sbat', needs: ['gpt'], run };
