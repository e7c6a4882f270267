import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { followEventStream, type StreamState } from '../api/event-stream.js';
import { useSession } from '../auth/session-context.js';
import { applyHostEvent, EMPTY_LIVE_STATE, type HostLiveState } from './host-live.js';

/** The live state of a project's hosts (or one host) and the stream's connection. */
export interface HostEventsView {
  readonly live: HostLiveState;
  readonly stream: StreamState;
}

/**
 * Follows `GET /v1/projects/{p}/events[?host=]`: provisioning progress lands in the live state
 * at once; events that change other fields refresh the host and list queries (read again once
 * per event, never on a timer). A dropped connection is made again with Last-Event-ID, so the
 * page catches up without a gap.
 */
export function useHostEvents(project: string, hostId?: string): HostEventsView {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [view, setView] = useState<HostEventsView>({
    live: EMPTY_LIVE_STATE,
    stream: { kind: 'connecting' },
  });
  const live = useRef(EMPTY_LIVE_STATE);
  useEffect(() => {
    const abort = new AbortController();
    live.current = EMPTY_LIVE_STATE;
    void followEventStream({
      request: () => client.hostEvents(project, hostId),
      signal: abort.signal,
      fetch: client.fetch,
      onState: (stream) => {
        setView((current) => ({ ...current, stream }));
        if (stream.kind === 'refused' && stream.error.status === 401) client.unauthenticated(stream.error);
      },
      onEvent: (event) => {
        if (!event.event || event.event === 'message') return false;
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          return false;
        }
        const { state, refresh } = applyHostEvent(live.current, event.event, data);
        if (state !== live.current) {
          live.current = state;
          setView((current) => ({ ...current, live: state }));
        }
        if (refresh) {
          void queryClient.invalidateQueries({ queryKey: ['hosts', project] });
          void queryClient.invalidateQueries({ queryKey: ['host', project, refresh] });
        }
        return false;
      },
    });
    return () => abort.abort();
  }, [client, queryClient, project, hostId]);
  return view;
}
