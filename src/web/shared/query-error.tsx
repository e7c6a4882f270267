import { Alert } from '@mantine/core';
import { errorMessage } from '../api/api-error.js';

/** A failed load, in orchd's words (or that orchd cannot be reached). */
export function QueryError({ error, title }: { error: unknown; title: string }) {
  return (
    <Alert color="red" title={title} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
