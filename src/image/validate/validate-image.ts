/**
 * @module
 * Pre-flight image validation, the one entry point: the same pipeline as a node's disk write
 * (principle 2) into a sparse scratch file, inspection of the raw image, then the checks.
 */
import { isOrchError, OrchError } from '../../core/errors/index.js';
import { resolvePolicy } from '../checks/check-policy.js';
import type {
  CheckContext,
  SourceFacts,
  ValidationPolicy,
  ValidationProfile,
} from '../checks/check-types.js';
import { pipelineFailureResults } from '../checks/pipeline-failure.js';
import { rootPathsToProbe } from '../checks/root-probes.js';
import { reportState, runChecks } from '../checks/run-checks.js';
import type { ImageFacts } from '../inspect/image-facts.js';
import { inspectImage } from '../inspect/inspect-image.js';
import { openFileByteSource } from '../inspect/file-byte-source.js';
import { runImagePipeline } from '../pipeline/run-image-pipeline.js';
import type { ProgressEvent } from '../progress/progress-event.js';
import { openOriginSource, redactUrl } from '../source/index.js';
import { authenticodeReader } from './authenticode-reader.js';
import { openScratchFile, type ScratchFile } from './scratch-file.js';
import type { ValidateImageInput, ValidateImageOptions, ValidationReport } from './validation-types.js';

/**
 * Validates an OS image against its profile before any node sees it.
 *
 * Fetches `input.url` over HTTPS (trusting only `caPem` when given), or reads it from the source
 * `options.openSource` gives for it, checks the sha256 and decodes it with the same pipeline a
 * node uses (handing the hosted bytes to `options.hostedTap` too, when given), writing the raw disk sparsely into `options.scratchDir`;
 * then reads the GPT, partitions, filesystems, os-release, EFI binaries and their signers, UKI
 * command lines, cloud-init and agent presence, and runs the checks of the profile's OS type and
 * security feature. The scratch file is removed before returning, also on failure.
 *
 * Never rejects for a bad image: a fetch, checksum or decode failure becomes a failed check
 * carrying the error's code and message, with the later checks reported as `skip`. Rejects only
 * with ABORTED when `options.signal` aborts, or with TARGET_IO when the scratch folder cannot be
 * written (nothing was learnt about the image then; the job may be retried).
 */
export async function validateImage(
  input: ValidateImageInput,
  options: ValidateImageOptions,
): Promise<ValidationReport> {
  const started = performance.now();
  const policy = resolvePolicy(options.policy);
  const profile = profileOf(input);
  const source: SourceFacts = { url: redactUrl(input.url), trust: input.caPem ? 'profile' : 'system' };
  const finish = (report: Omit<ValidationReport, 'durationMs' | 'state'>): ValidationReport => ({
    state: reportState(report.checks),
    ...report,
    durationMs: performance.now() - started,
  });
  await options.scratchBudget?.checkFree(options.scratchDir);
  const opened = await openScratchFile(options.scratchDir, options.scratchOwner);
  const tracked = options.scratchBudget?.track(opened.sink, options.scratchDir);
  const scratch: ScratchFile = tracked ? { ...opened, sink: tracked.sink } : opened;
  try {
    const pipeline = await runPipeline(input, options, scratch);
    if (pipeline instanceof OrchError)
      return finish({ checks: pipelineFailureResults(pipeline, profile, source) });
    options.onProgress?.({ ...pipeline.last, stage: 'inspecting' });
    const facts = await inspect(scratch.path, pipeline, input, policy);
    throwIfAborted(options.signal);
    options.onProgress?.({ ...pipeline.last, stage: 'checking' });
    const context: CheckContext = { facts, profile, policy, source };
    return finish({ checks: runChecks(context), facts });
  } finally {
    await scratch.remove();
    tracked?.release();
  }
}

function profileOf(input: ValidateImageInput): ValidationProfile {
  return {
    osType: input.osType,
    osVersion: input.osVersion,
    profileName: input.profileName,
    securityFeature: input.securityFeature,
    hasSecureBootCerts: (input.secureBootCerts ?? '').trim() !== '',
    ...(input.sbatLevel?.trim() ? { sbatLevel: input.sbatLevel } : {}),
  };
}

interface PipelineOutcome {
  readonly sha256: string;
  readonly formatChain: readonly string[];
  readonly hostedBytes: number;
  readonly virtualSize: number;
  /** The last progress event, whose counters the later stages repeat. */
  readonly last: ProgressEvent;
}

/** The pipeline's measurements, or the OrchError that stopped it (ABORTED and TARGET_IO rethrown). */
async function runPipeline(
  input: ValidateImageInput,
  options: ValidateImageOptions,
  scratch: ScratchFile,
): Promise<PipelineOutcome | OrchError> {
  let last: ProgressEvent = { stage: 'connecting', bytesDownloaded: 0, bytesWritten: 0, rate: 0 };
  try {
    const openSource = options.openSource ?? openOriginSource;
    const source = openSource({
      url: input.url,
      ...(input.caPem ? { caPem: input.caPem } : {}),
      ...(options.allowHttp ? { allowHttp: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const result = await runImagePipeline({
      source,
      sink: scratch.sink,
      ...(options.hostedTap ? { hostedTap: options.hostedTap } : {}),
      expectedSha256: input.sha256,
      ...(input.declared ? { declared: input.declared } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      onProgress: (event) => {
        last = event;
        options.onProgress?.(event);
      },
    });
    return { ...result, last };
  } catch (error) {
    const reason = isOrchError(error) ? error : new OrchError('Internal', String(error), { cause: error });
    // The pipeline aborts its sink and tap; a source that failed before the pipeline started did not.
    await scratch.sink.abort(reason).catch(() => undefined);
    await options.hostedTap?.abort(reason).catch(() => undefined);
    // Not a verdict on the image: the job stops and may run again.
    if (reason.code === 'ABORTED' || reason.code === 'TARGET_IO' || reason.code === 'SCRATCH_SPACE_LOW')
      throw reason;
    return reason;
  }
}

async function inspect(
  path: string,
  pipeline: PipelineOutcome,
  input: ValidateImageInput,
  policy: ValidationPolicy,
): Promise<ImageFacts> {
  const bytes = await openFileByteSource(path);
  try {
    return await inspectImage({
      source: bytes,
      pipeline,
      probePaths: rootPathsToProbe(policy),
      reader: authenticodeReader({
        db: input.secureBootCerts,
        dbx: input.secureBootDbx,
        mok: input.secureBootMokCerts,
      }),
    });
  } finally {
    await bytes.close();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OrchError('ABORTED', 'Image validation was cancelled.');
}
