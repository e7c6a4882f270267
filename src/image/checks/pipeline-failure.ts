/**
 * @module
 * Turns a failure of the fetch/decode/checksum pipeline into report lines: the check it belongs to
 * fails with the error's code and message (the real reason, principle 3), and every later check is
 * reported as `skip` naming the failed one.
 */
import type { ErrorCode } from '../../core/errors/index.js';
import { checksFor } from './check-catalog.js';
import type { CheckResult, SourceFacts, ValidationProfile } from './check-types.js';

/** The parts of an OrchError the report needs. */
export interface PipelineFailure {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

type FailedStage = 'source.reachable' | 'source.checksum' | 'format.detected' | 'disk.fits';

const FORMAT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNSUPPORTED_FORMAT',
  'FORMAT_MISMATCH',
  'CORRUPT_DATA',
  'DECODER_FAILED',
  'QCOW2_BACKING_FILE',
  'QCOW2_EXTERNAL_DATA',
  'QCOW2_ENCRYPTED',
  'QCOW2_UNSUPPORTED_FEATURE',
  'QCOW2_INVALID',
  'QCOW2_BOMB',
]);

/**
 * The check a pipeline error code fails; anything about getting the bytes is `source.reachable`.
 * TRUNCATED belongs where the user would look for it: a download that stopped early (the source
 * names its URL) is `source.reachable`; a file that arrived whole but whose compressed stream or
 * qcow2 structure ends early is `format.detected`.
 */
export function failedStageOf(failure: PipelineFailure): FailedStage {
  if (failure.code === 'CHECKSUM_MISMATCH') return 'source.checksum';
  if (failure.code === 'TRUNCATED')
    return failure.details?.url === undefined ? 'format.detected' : 'source.reachable';
  if (failure.code === 'InvalidArgument' && failure.details?.field === 'expectedSha256')
    return 'source.checksum';
  if (FORMAT_CODES.has(failure.code)) return 'format.detected';
  if (failure.code === 'TARGET_TOO_SMALL') return 'disk.fits';
  if (failure.code === 'IMAGE_TOO_LARGE' && failure.details?.what === 'decoded') return 'disk.fits';
  return 'source.reachable';
}

/** What the checks before the failed one say, per failed stage (absent: skipped). */
function earlierLine(
  id: string,
  stage: FailedStage,
  source: SourceFacts,
  failure: PipelineFailure,
): CheckResult {
  const trust =
    source.trust === 'profile' ? "only the profile's certificate" : "the system's certificate authorities";
  if (id === 'source.reachable') {
    if (failure.details?.field === 'expectedSha256') {
      return { id, status: 'skip', message: 'not tried: the expected sha256 is malformed' };
    }
    const fetched = failure.details?.bytes;
    const what = typeof fetched === 'number' ? `fetched ${fetched} bytes from` : 'connected to';
    return { id, status: 'pass', message: `${what} ${source.url}, trusting ${trust}` };
  }
  const why =
    stage === 'source.checksum'
      ? "the hosted bytes are not the profile's image"
      : stage === 'format.detected'
        ? 'the image could not be decoded, so the download stopped before its sha256 was known'
        : 'the download stopped once the disk outgrew the smallest supported disk';
  return { id, status: 'skip', message: `not verified: ${why}` };
}

/** The report lines of a run whose pipeline failed with `failure`. Pure. */
export function pipelineFailureResults(
  failure: PipelineFailure,
  profile: ValidationProfile,
  source: SourceFacts,
): CheckResult[] {
  const stage = failedStageOf(failure);
  const ids = checksFor(profile).map((c) => c.id);
  const failedAt = ids.indexOf(stage);
  return ids.map((id, index): CheckResult => {
    if (index === failedAt) {
      return {
        id,
        status: 'fail',
        message: `${failure.code}: ${failure.message}`,
        evidence: { code: failure.code, ...(failure.details ? { details: { ...failure.details } } : {}) },
      };
    }
    if (index < failedAt) return earlierLine(id, stage, source, failure);
    return { id, status: 'skip', message: `skipped: ${stage} failed` };
  });
}
