import type { ReactNode } from 'react';
import { Stack, Text } from '@mantine/core';
import { QueryError } from './query-error.js';
import { RouteLink } from './route-link.js';

/** What a detail page shows around one resource. */
export interface DetailPageFrameProps<T> {
  /** The list the page belongs to: its path and name ("← Hosts"). */
  readonly back: { readonly to: string; readonly label: string };
  /** The resource in words, for the loading and failure lines ("host": "Loading the host…"). */
  readonly noun: string;
  /** The resource's load (a TanStack query). */
  readonly query: { readonly data: T | undefined; readonly error: unknown; readonly isError: boolean };
  /** The page of a loaded resource. */
  readonly children: (data: T) => ReactNode;
}

/**
 * The frame of every detail page: the way back to the list, then the resource, or why it could
 * not be loaded in orchd's words, or that it is loading.
 */
export function DetailPageFrame<T>({ back, noun, query, children }: DetailPageFrameProps<T>) {
  return (
    <Stack>
      <RouteLink to={back.to}>← {back.label}</RouteLink>
      {query.isError ? (
        <QueryError error={query.error} title={`The ${noun} could not be loaded`} />
      ) : query.data === undefined ? (
        <Text c="dimmed">Loading the {noun}…</Text>
      ) : (
        children(query.data)
      )}
    </Stack>
  );
}
