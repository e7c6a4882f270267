import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Validation, ValidationProgress } from '../api/api-types.js';
import { followEventStream, type StreamState } from '../api/event-stream.js';
import { useSession } from '../auth/session-context.js';
import { isFinishedValidationState } from '../../core/validation/validation-states.js';

/**
 * True for a verdict, after which the stream ends: the list orchd's API schema is built from
 * (src/core/validation), so the console cannot wait on a state orchd never sends.
 */
export const isVerdict = isFinishedValidationState;

/** What the validation panel shows: the validation, the latest progress and the connection. */
export interface ValidationStreamView {
  readonly validation: Validation | undefined;
  readonly progress: ValidationProgress | undefined;
  readonly stream: StreamState;
  /** The stream's `error` event: the profile was deleted while followed. */
  readonly ended: string | undefined;
}

/**
 * Follows `…/validation/events` of a profile (again whenever `generation` changes, i.e. after a
 * new run was started): `validation` events replace the validation, `progress` events the
 * counters. A dropped connection is retried and catches up, because orchd sends the whole
 * validation first on every connection. The profile and the list are refreshed on the verdict.
 * The stream is not opened again after its last event: the verdict, `end` (the profile has no
 * validation job: the validation shown says so) or `error` (deleted).
 */
export function useValidationStream(
  project: string,
  resourceId: string,
  generation: number,
): ValidationStreamView {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [view, setView] = useState<ValidationStreamView>({
    validation: undefined,
    progress: undefined,
    stream: { kind: 'connecting' },
    ended: undefined,
  });
  useEffect(() => {
    const abort = new AbortController();
    const update = (change: Partial<ValidationStreamView>) =>
      setView((current) => ({ ...current, ...change }));
    void followEventStream({
      request: () => client.validationEvents(project, resourceId),
      signal: abort.signal,
      fetch: client.fetch,
      onState: (stream) => {
        update({ stream });
        if (stream.kind === 'refused' && stream.error.status === 401) client.unauthenticated(stream.error);
      },
      onEvent: (event) => {
        if (event.event === 'progress') {
          update({ progress: JSON.parse(event.data) as ValidationProgress });
          return false;
        }
        if (event.event === 'error') {
          update({ ended: (JSON.parse(event.data) as { message: string }).message });
          return true;
        }
        // No job to follow (NO_VALIDATION_JOB): the validation already sent shows "never validated".
        if (event.event === 'end') return true;
        if (event.event !== 'validation') return false;
        const validation = JSON.parse(event.data) as Validation;
        update({ validation, ...(validation.progress ? { progress: validation.progress } : {}) });
        const done = isVerdict(validation.state);
        if (done) {
          void queryClient.invalidateQueries({ queryKey: ['profile', project, resourceId] });
          void queryClient.invalidateQueries({ queryKey: ['profiles', project] });
        }
        return done;
      },
    });
    return () => abort.abort();
  }, [client, queryClient, project, resourceId, generation]);
  return view;
}
