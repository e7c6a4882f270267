import { mkdir } from 'node:fs/promises';
import { OrchError } from '../../core/errors/index.js';
import type { ValidateImageInput, ValidationProgressEvent, ValidationReport } from '../../image/index.js';
import type { ValidationRunnerSettings } from './validation-options.js';

/**
 * The one call of the image validator, for validation jobs and dry runs alike: makes the scratch
 * folder (on first use, so an orchd that never validates leaves none behind), then runs
 * `settings.validate` with this orchd's scratch folder, policy, http:// allowance and image
 * source. Rejects with TARGET_IO when the folder cannot be made, with ABORTED when `signal`
 * aborts, and with whatever else stopped the validator itself (a bad image is a report, not a
 * rejection); the caller records or answers that error as it is.
 */
export async function runValidator(
  settings: ValidationRunnerSettings,
  input: ValidateImageInput,
  run: { readonly onProgress: (event: ValidationProgressEvent) => void; readonly signal: AbortSignal },
): Promise<ValidationReport> {
  await ensureScratchDir(settings.scratchDir);
  return settings.validate(input, {
    scratchDir: settings.scratchDir,
    onProgress: run.onProgress,
    signal: run.signal,
    ...(settings.allowHttp ? { allowHttp: true } : {}),
    ...(settings.policy ? { policy: settings.policy } : {}),
    ...(settings.openSource ? { openSource: settings.openSource } : {}),
    ...(settings.limits ? { limits: settings.limits } : {}),
    ...(settings.scratchBudget ? { scratchBudget: settings.scratchBudget } : {}),
    ...(settings.scratchOwner ? { scratchOwner: settings.scratchOwner } : {}),
  });
}

async function ensureScratchDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OrchError('TARGET_IO', `cannot create the validation scratch folder ${dir}`, { cause: error });
  }
}
