import { EventEmitter } from 'node:events';

/** What this process tells open event streams about a profile's validation. */
export type ValidationEvent =
  /** The runner's latest progress (stage and byte counters). */
  | { readonly kind: 'progress'; readonly progress: unknown }
  /** The job changed state: streams re-read it from the store. */
  | { readonly kind: 'changed' };

/**
 * The in-process hub between the job runner and the event streams of one app: streams on this
 * replica hear progress at once, while streams on other replicas read it from the store.
 */
export interface ValidationEvents {
  emit(project: string, osId: string, event: ValidationEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(project: string, osId: string, listener: (event: ValidationEvent) => void): () => void;
}

/** A new hub (one per app). */
export function createValidationEvents(): ValidationEvents {
  const emitter = new EventEmitter();
  // Each open stream subscribes once; many operators may watch one profile.
  emitter.setMaxListeners(0);
  const key = (project: string, osId: string) => `${project}\u0000${osId}`;
  return {
    emit: (project, osId, event) => void emitter.emit(key(project, osId), event),
    subscribe(project, osId, listener) {
      emitter.on(key(project, osId), listener);
      return () => void emitter.off(key(project, osId), listener);
    },
  };
}
