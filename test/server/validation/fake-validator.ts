import { ubuntuFacts } from '../../../src/image/checks/testing/sample-facts.js';
import { OrchError } from '../../../src/core/errors/index.js';
import type {
  ValidateImageInput,
  ValidateImageOptions,
  ValidationProgressEvent,
  ValidationReport,
} from '../../../src/image/validate/index.js';
import type { ValidateImage } from '../../../src/server/validation/validation-options.js';

/** One call of the fake: what it was given, and the test's handles on its outcome. */
export interface FakeCall {
  readonly input: ValidateImageInput;
  readonly options: ValidateImageOptions;
  /** Settles with `report`, or rejects when `report` is an Error. */
  finish(report: ValidationReport | Error): void;
  progress(event: Partial<ValidationProgressEvent>): void;
  /** Resolves when the runner aborted the call. */
  readonly aborted: Promise<void>;
}

/** A validator whose calls the test completes by hand (or at once with `auto`). */
export interface FakeValidator {
  readonly validate: ValidateImage;
  readonly calls: FakeCall[];
  /** Calls running now, and the most ever at once. */
  readonly active: number;
  readonly maxActive: number;
  /** The next call not yet handed out by this method (waits for it). */
  next(ms?: number): Promise<FakeCall>;
}

/** A deterministic report in the shape validateImage returns. */
export function fakeReport(state: ValidationReport['state'], id = 'image.sha256'): ValidationReport {
  const status = state === 'passed' ? 'pass' : state === 'warned' ? 'warn' : 'fail';
  return {
    state,
    checks: [{ id, status, message: `${id}: ${status}` }],
    // Real facts of a Ubuntu image: the API sends them only in src/api's ImageFacts shape.
    facts: ubuntuFacts(),
    durationMs: 12,
  };
}

/**
 * A fake validator. With `auto`, each call finishes with that report after `delayMs`; otherwise
 * the test finishes it. An aborted call rejects with ABORTED, as validateImage does.
 */
export function createFakeValidator(auto?: { report: ValidationReport; delayMs?: number }): FakeValidator {
  const calls: FakeCall[] = [];
  const waiting: ((call: FakeCall) => void)[] = [];
  let handed = 0;
  let active = 0;
  let maxActive = 0;
  const validate: ValidateImage = (input, options) =>
    new Promise<ValidationReport>((resolve, reject) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        active -= 1;
        fn();
      };
      let onAbort!: () => void;
      const aborted = new Promise<void>((done) => (onAbort = done));
      options.signal?.addEventListener('abort', () => {
        settle(() => reject(new OrchError('ABORTED', 'Image validation was cancelled.')));
        onAbort();
      });
      const call: FakeCall = {
        input,
        options,
        aborted,
        finish: (report) => settle(() => (report instanceof Error ? reject(report) : resolve(report))),
        progress: (event) =>
          options.onProgress?.({
            stage: 'downloading',
            bytesDownloaded: 0,
            bytesWritten: 0,
            rate: 0,
            ...event,
          }),
      };
      calls.push(call);
      waiting.shift()?.(call);
      if (auto) setTimeout(() => call.finish(auto.report), auto.delayMs ?? 0);
    });
  return {
    validate,
    calls,
    get active() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
    async next(ms = 10_000) {
      const index = handed++;
      if (calls[index]) return calls[index];
      return new Promise<FakeCall>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no validation call came')), ms);
        waiting.push((call) => {
          clearTimeout(timer);
          resolve(call);
        });
      });
    },
  };
}
