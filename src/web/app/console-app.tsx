import { MantineProvider, Title, Text, Container } from '@mantine/core';

/** The console's root: theme and the page. */
export function ConsoleApp() {
  return (
    <MantineProvider defaultColorScheme="auto">
      <Container size="sm" py="xl">
        <Title order={1}>edge-orch</Title>
        <Text>The console for OS profiles and hosts. The API is at /v1, its documentation at /docs.</Text>
      </Container>
    </MantineProvider>
  );
}
