/**
 * A queue of leased jobs as the runner sees it. `claim` must never hand the same job to two
 * callers (the store's transaction guarantees it across replicas); `renew` answers false when
 * the lease was lost (taken over after expiry, or the job deleted).
 */
export interface JobQueue<J> {
  claim(): Promise<J | undefined>;
  renew(job: J): Promise<boolean>;
  /** Puts a job this runner stopped back in the queue. */
  release(job: J): Promise<void>;
  /** Re-queues jobs a previous life of this process left running; returns how many. */
  requeueOwn(): Promise<number>;
}

/** Where the runner reports what it cannot throw anywhere. */
export interface JobRunnerLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What {@link createJobRunner} runs. */
export interface JobRunnerOptions<J> {
  readonly queue: JobQueue<J>;
  /** Runs one job; the signal aborts when orchd stops or the lease is lost. */
  run(job: J, signal: AbortSignal): Promise<void>;
  /** Most jobs running at once in this process. */
  readonly concurrency: number;
  /** How often the queue is polled for work queued by other replicas (ms). */
  readonly pollMs: number;
  /** How often a running job's lease is renewed (ms); well under the lease duration. */
  readonly renewMs: number;
  readonly log?: JobRunnerLog;
}

/** A started runner. */
export interface JobRunner {
  /** Re-queues this process's leftovers, then starts polling. */
  start(): Promise<void>;
  /** Claims now instead of at the next poll (a job was just queued here). */
  wake(): void;
  /** Stops claiming, aborts running jobs, waits for them and puts them back in the queue. */
  stop(): Promise<void>;
  /** Jobs running now. */
  readonly running: number;
}

/** Why a running job was aborted: on `shutdown` it goes back to the queue, a `lost` one does not. */
type AbortCause = 'shutdown' | 'lost';

interface Running {
  readonly controller: AbortController;
  /** Settles once the run ended and, after a shutdown abort, the job was released. */
  done: Promise<void>;
  cause?: AbortCause;
}

/**
 * Runs one claimed job: renews its lease every `renewMs` (aborting the run with cause `lost`
 * when the queue says the lease is gone) and releases it after a `shutdown` abort.
 */
function runLeased<J>(options: JobRunnerOptions<J>, job: J, warn: JobRunnerLog['warn']): Running {
  const controller = new AbortController();
  const entry: Running = { controller, done: Promise.resolve() };
  const renewTimer = setInterval(() => {
    options.queue.renew(job).then(
      (held) => {
        if (held || controller.signal.aborted) return;
        entry.cause = 'lost';
        controller.abort(new Error('the job lease was lost'));
      },
      (error: unknown) => warn({ err: error }, 'job lease renewal failed'),
    );
  }, options.renewMs);
  entry.done = (async () => {
    try {
      await options.run(job, controller.signal);
    } catch (error) {
      warn({ err: error }, 'job failed unexpectedly');
    } finally {
      clearInterval(renewTimer);
    }
    if (entry.cause !== 'shutdown') return;
    await options.queue.release(job).catch((error: unknown) => warn({ err: error }, 'job release failed'));
  })();
  return entry;
}

/**
 * Runs leased jobs with a concurrency limit: polls (and claims on `wake`) while slots are free,
 * renews each running job's lease, aborts a job whose lease was lost, and on `stop` aborts the
 * rest and releases them so that this or another replica takes them again at once.
 */
export function createJobRunner<J>(options: JobRunnerOptions<J>): JobRunner {
  const running = new Set<Running>();
  let stopped = false;
  let filling: Promise<void> | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  const warn = (fields: Record<string, unknown>, message: string) => options.log?.warn(fields, message);

  const launch = (job: J): void => {
    const entry = runLeased(options, job, warn);
    running.add(entry);
    void entry.done.finally(() => {
      running.delete(entry);
      if (!stopped) fill();
    });
  };

  const fillOnce = async (): Promise<void> => {
    try {
      while (!stopped && running.size < options.concurrency) {
        const job = await options.queue.claim();
        if (!job || stopped) {
          if (job) await options.queue.release(job);
          return;
        }
        launch(job);
      }
    } catch (error) {
      warn({ err: error }, 'claiming a job failed; retrying at the next poll');
    }
  };
  // A wake during a fill may come after the fill's last (empty) claim: it runs one more round.
  let again = false;
  const fill = (): void => {
    if (filling) {
      again = true;
      return;
    }
    filling = fillOnce().finally(() => {
      filling = undefined;
      if (again && !stopped) {
        again = false;
        fill();
      }
    });
  };

  return {
    async start() {
      const requeued = await options.queue.requeueOwn();
      if (requeued > 0) warn({ requeued }, 're-queued jobs left running by a previous start');
      pollTimer = setInterval(fill, options.pollMs);
      pollTimer.unref();
      fill();
    },
    wake: () => {
      if (!stopped) fill();
    },
    async stop() {
      stopped = true;
      clearInterval(pollTimer);
      await filling;
      for (const entry of running) {
        entry.cause ??= 'shutdown';
        entry.controller.abort(new Error('orchd is stopping'));
      }
      await Promise.all([...running].map((entry) => entry.done));
    },
    get running() {
      return running.size;
    },
  };
}
