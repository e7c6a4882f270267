import cliProgress from 'cli-progress';
import { terminalSafe } from '../output/terminal-text.js';
import { bytesText, fraction, progressLine, whoOf, type HostProgress } from './host-progress.js';

/** Shows watched hosts while they provision: bars on a terminal, lines elsewhere. */
export interface WatchDisplay {
  update(progress: HostProgress): void;
  /** Called once when watching ends (also on an error), so bars release the terminal. */
  stop(): void;
}

/** One line whenever a host's line changes (see {@link progressLine}). */
export function watchLines(write: (text: string) => void): WatchDisplay {
  const last = new Map<string, string>();
  return {
    update(p) {
      const line = terminalSafe(progressLine(p));
      if (last.get(p.hostId) === line) return;
      last.set(p.hostId, line);
      write(`${line}\n`);
    },
    stop() {},
  };
}

const BAR_TOTAL = 1000;

/**
 * One cli-progress bar per host on `stream` (stderr when it is a terminal): the share of steps
 * done, the step k/N and its text, bytes and rate of the current step.
 */
export function watchBars(stream: NodeJS.WritableStream): WatchDisplay {
  const multi = new cliProgress.MultiBar({
    stream,
    format: '{who} [{bar}] {step} {bytes}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: false,
    autopadding: true,
  });
  const bars = new Map<string, cliProgress.SingleBar>();
  const width = { who: 0 };
  const payload = (p: HostProgress) => {
    const step = p.step ? `${p.step.index}/${p.step.count} ${p.step.text}` : p.status;
    const shown = p.state === 'succeeded' || p.state === 'failed' || p.state === 'waiting' ? p.status : step;
    return {
      who: terminalSafe(whoOf(p)).padEnd(width.who),
      step: terminalSafe(shown),
      bytes: p.state === 'running' ? bytesText(p) : '',
    };
  };
  return {
    update(p) {
      width.who = Math.max(width.who, whoOf(p).length);
      const value = Math.round(fraction(p) * BAR_TOTAL);
      const bar = bars.get(p.hostId);
      if (bar) bar.update(value, payload(p));
      else bars.set(p.hostId, multi.create(BAR_TOTAL, value, payload(p)));
    },
    stop() {
      multi.stop();
    },
  };
}
