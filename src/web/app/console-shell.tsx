import type { ReactNode } from 'react';
import {
  ActionIcon,
  AppShell,
  Button,
  Group,
  Select,
  Text,
  Title,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session-context.js';
import { RouteLink } from '../shared/route-link.js';
import { paths, useRouter } from './router.js';

/** The frame of every signed-in page: name, sections, project switcher, theme, sign out. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const { session, client, setProject, signOut } = useSession();
  const { navigate, path } = useRouter();
  const projects = useQuery({ queryKey: ['projects'], queryFn: () => client.listProjects() });
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const project = session?.project ?? '';
  const names = projects.data?.projects.map((p) => p.name) ?? [project];

  return (
    <AppShell header={{ height: { base: 104, sm: 60 } }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="wrap" gap="xs" py={6}>
          <Group gap="lg" wrap="nowrap">
            <RouteLink to={paths.profiles(project)} underline="never">
              <Title order={3}>edge-orch</Title>
            </RouteLink>
            <RouteLink to={paths.profiles(project)}>OS profiles</RouteLink>
            <RouteLink to={paths.hosts(project)}>Hosts</RouteLink>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Select
              aria-label="Project"
              data={names}
              value={project}
              allowDeselect={false}
              w={150}
              size="xs"
              onChange={(value) => {
                if (!value) return;
                setProject(value);
                navigate(path.includes('/hosts') ? paths.hosts(value) : paths.profiles(value));
              }}
            />
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={scheme === 'dark' ? 'Use the light theme' : 'Use the dark theme'}
              onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
            >
              <Text size="sm" aria-hidden>
                {scheme === 'dark' ? '☀' : '☾'}
              </Text>
            </ActionIcon>
            <Text size="sm" c="dimmed" visibleFrom="sm" title="Signed in as">
              {session?.subject}
            </Text>
            <Button variant="default" size="xs" onClick={() => signOut('You signed out.')}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
