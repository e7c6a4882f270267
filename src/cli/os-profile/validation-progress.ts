import { isFinishedValidation, type ValidationResource } from './validation-api.js';
import { progressLine } from './validation-views.js';

/** Shows a validation's progress while it is followed: a bar on a terminal, lines elsewhere. */
export interface ValidationProgressDisplay {
  /** Called with every read of the validation, finished or not. */
  show(view: ValidationResource): void;
  /** Called once when following ends (also on an error), so a bar can release the terminal. */
  stop(): void;
}

/**
 * Progress as plain lines, one whenever the line changes, none for the final state (the report
 * follows). Lines read the same in a log or a CI job as on a terminal.
 */
export function validationProgressLines(write: (text: string) => void): ValidationProgressDisplay {
  let last = '';
  return {
    show(view) {
      if (isFinishedValidation(view)) return;
      const line = view.progress ? progressLine(view.progress) : view.state;
      if (line === last) return;
      write(`${line}\n`);
      last = line;
    },
    stop() {},
  };
}
