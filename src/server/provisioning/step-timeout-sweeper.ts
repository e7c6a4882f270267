import type { WorkflowDriver } from './workflow-driver.js';

/** Where the sweeper reports what it cannot throw anywhere. */
export interface SweeperLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Runs the step-timeout sweep every `intervalMs`: a step whose node went silent past its timeout
 * fails with STEP_TIMEOUT. Every replica may sweep: each expiry is a compare-and-set in the store,
 * so a step fails once whoever sees it first.
 */
export function startStepTimeoutSweeper(
  driver: WorkflowDriver,
  intervalMs: number,
  log?: SweeperLog,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    driver
      .sweep()
      .catch((error: unknown) => log?.warn({ err: error }, 'step timeout sweep failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
