import { EventEmitter } from 'node:events';

/**
 * The in-process wake-up between what changes hosts and the event streams of one app: a stream
 * on this replica reads the log at once instead of at its next poll. Streams on other replicas
 * find the same entries in the store's log by polling.
 */
export interface HostEventHub {
  notify(project: string): void;
  /** Returns the unsubscribe function. */
  subscribe(project: string, listener: () => void): () => void;
}

export function createHostEventHub(): HostEventHub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: (project) => void emitter.emit(project),
    subscribe(project, listener) {
      emitter.on(project, listener);
      return () => void emitter.off(project, listener);
    },
  };
}
