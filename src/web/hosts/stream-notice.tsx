import { Alert } from '@mantine/core';
import type { StreamState } from '../api/event-stream.js';

/** Says when live updates are interrupted (reconnecting) or refused; nothing while they flow. */
export function StreamNotice({ stream }: { stream: StreamState }) {
  if (stream.kind === 'reconnecting')
    return (
      <Alert color="yellow" title="Connection to orchd lost" role="alert">
        {stream.error.message} Reconnecting (attempt {stream.attempt})… the page catches up when orchd answers
        again.
      </Alert>
    );
  if (stream.kind === 'refused')
    return (
      <Alert color="red" title="Live updates unavailable" role="alert">
        {stream.error.message}
      </Alert>
    );
  return null;
}
