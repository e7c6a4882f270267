import cliProgress from 'cli-progress';
import type { ValidationProgress } from './validation-api.js';
import type { ValidationProgressDisplay } from './validation-progress.js';

const MIB = 1024 * 1024;

/** `12.3 MiB`. */
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

/** `1m05s`, `42s`, or `?` while orchd cannot estimate it yet. */
export function etaText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}

/**
 * The bar's text fields for one progress report. Rate and ETA are orchd's, not re-estimated
 * (`remaining`, since cli-progress reserves `{eta}` for its own estimate).
 */
export function progressPayload(progress: ValidationProgress | null, state: string) {
  if (!progress) return { stage: state.padEnd(11), bytes: '', rate: '', remaining: '' };
  const total = progress.total === undefined ? '?' : mib(progress.total);
  return {
    stage: progress.stage.padEnd(11),
    bytes: `${mib(progress.bytesDownloaded)}/${total}`,
    rate: `${mib(progress.rate)}/s`,
    remaining: `ETA ${etaText(progress.etaSeconds)}`,
  };
}

/**
 * A cli-progress bar on `stream` (stderr when it is a terminal): bytes downloaded of the hosted
 * size, with orchd's rate and ETA. Without a known size the bar stays empty and the bytes count on.
 */
export function validationProgressBar(stream: NodeJS.WritableStream): ValidationProgressDisplay {
  const bar = new cliProgress.SingleBar({
    stream,
    format: '{stage} [{bar}] {percentage}% {bytes} {rate} {remaining}',
    barsize: 30,
    hideCursor: true,
    // The report table follows on stdout; the last drawn bar stays as the record of the download.
    clearOnComplete: false,
  });
  let started = false;
  return {
    show(view) {
      const payload = progressPayload(view.progress, view.state);
      const total = view.progress?.total ?? 0;
      const value = Math.min(view.progress?.bytesDownloaded ?? 0, total);
      if (!started) bar.start(total, value, payload);
      else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
