import { Alert, Stack, Title } from '@mantine/core';

/** A path the console does not know. */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Alert color="gray">The console has no page at {path}. Use the links above.</Alert>
    </Stack>
  );
}
