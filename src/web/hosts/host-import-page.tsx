import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { HOST_CSV_HEADER } from '../../core/host/host-csv.js';
import { errorMessage } from '../api/api-error.js';
import { paths } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { RouteLink } from '../shared/route-link.js';
import { previewRows, quoted, readImportFile, rowValues, type PreviewRow } from './host-import-model.js';
import { runRegistration } from './host-register-model.js';

/** How committing one row went. */
type RowOutcome =
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly hostId: string }
  | { readonly kind: 'failed'; readonly hostId: string | undefined; readonly message: string };

/**
 * EMF's host CSV: pasted or uploaded, read with core's reader, checked by orchd's dry run
 * (`import-check`) and shown row by row with orchd's errors before anything is written; then the
 * rows without errors are registered one by one (register, instance, site and metadata), each
 * with its own result.
 */
export function HostImportPage({ project }: { project: string }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [preview, setPreview] = useState<PreviewRow[] | undefined>();
  const [checking, setChecking] = useState(false);
  const [outcomes, setOutcomes] = useState<ReadonlyMap<number, RowOutcome>>(new Map());
  const [committing, setCommitting] = useState(false);

  const check = async (csv: string) => {
    setProblem(undefined);
    setPreview(undefined);
    setOutcomes(new Map());
    const file = readImportFile(csv);
    if (!file.ok) return setProblem(`Line ${file.line}: ${file.message}`);
    if (file.csv.length === 0) return setProblem('The file has a header but no host rows.');
    setChecking(true);
    try {
      const answer = await client.importCheck(project, file.check);
      setPreview(previewRows(file.csv, answer.rows, file.local));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setChecking(false);
    }
  };

  const resolveProfile = async (name: string): Promise<string> => {
    const page = await client.listProfiles(project, {
      pageSize: 2,
      offset: 0,
      filter: `name = ${quoted(name)} OR resourceId = ${quoted(name)}`,
    });
    const found = page.OperatingSystemResources[0];
    if (!found) throw new Error(`OS profile "${name}" not found`);
    return found.resourceId;
  };

  const commit = async (rows: readonly PreviewRow[]) => {
    setCommitting(true);
    const sites = rows.some((r) => r.csv.site) ? (await client.listSites(project)).sites : [];
    const mark = (line: number, outcome: RowOutcome) =>
      setOutcomes((current) => new Map(current).set(line, outcome));
    for (const row of rows) {
      mark(row.csv.line, { kind: 'running' });
      try {
        const osProfile = await resolveProfile(row.csv.osProfile);
        const site = row.csv.site
          ? (sites.find((s) => s.resourceId === row.csv.site || s.name === row.csv.site)?.resourceId ??
            row.csv.site)
          : '';
        const outcome = await runRegistration(rowValues(row.csv, osProfile, site), {
          register: (body) => client.registerHost(project, body),
          findHosts: async (filter) =>
            (await client.listHosts(project, { pageSize: 2, offset: 0, filter })).hosts,
          createInstance: (body) => client.createInstance(project, body),
          place: (hostId, change) => client.patchHost(project, hostId, change, Object.keys(change).join(',')),
        });
        mark(
          row.csv.line,
          outcome.ok
            ? { kind: 'done', hostId: outcome.hostId }
            : {
                kind: 'failed',
                hostId: outcome.hostId,
                message: `${outcome.step}: ${errorMessage(outcome.error)}`,
              },
        );
      } catch (error) {
        mark(row.csv.line, { kind: 'failed', hostId: undefined, message: errorMessage(error) });
      }
    }
    setCommitting(false);
    await queryClient.invalidateQueries({ queryKey: ['hosts', project] });
  };

  const good = preview?.filter((r) => r.result.ok) ?? [];
  const failed = (preview?.length ?? 0) - good.length;
  const committed = [...outcomes.values()].filter((o) => o.kind === 'done').length;

  return (
    <Stack>
      <RouteLink to={paths.hosts(project)}>← Hosts</RouteLink>
      <Title order={2}>Import hosts from CSV</Title>
      <Text size="sm" c="dimmed">
        EMF&apos;s host CSV (orch-cli <code>create host --generate-csv</code>). The first line is its header:
      </Text>
      <Text ff="monospace" size="xs" style={{ wordBreak: 'break-all' }}>
        {HOST_CSV_HEADER}
      </Text>
      <FileInput
        label="CSV file"
        placeholder="Choose a .csv file"
        accept=".csv,text/csv,text/plain"
        maw={420}
        onChange={(file) => {
          if (!file) return;
          void file.text().then((content) => {
            setText(content);
            void check(content);
          });
        }}
      />
      <Textarea
        label="CSV"
        description="Or paste it here."
        autosize
        minRows={4}
        maxRows={16}
        ff="monospace"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      <Group>
        <Button onClick={() => void check(text)} loading={checking} disabled={committing}>
          Check
        </Button>
        {preview && (
          <Button
            color="teal"
            disabled={good.length === 0 || committing || outcomes.size > 0}
            loading={committing}
            onClick={() => void commit(good)}
          >
            Import {good.length} host{good.length === 1 ? '' : 's'}
          </Button>
        )}
      </Group>
      {problem && (
        <Alert color="red" title="The file was not checked" role="alert">
          {problem}
        </Alert>
      )}
      {preview && (
        <Text size="sm" aria-live="polite">
          {preview.length} row{preview.length === 1 ? '' : 's'}: {good.length} ready, {failed} with errors
          {outcomes.size > 0 ? `; ${committed} registered` : ''}.
        </Text>
      )}
      {preview && <PreviewTable rows={preview} outcomes={outcomes} project={project} />}
    </Stack>
  );
}

function PreviewTable({
  rows,
  outcomes,
  project,
}: {
  rows: readonly PreviewRow[];
  outcomes: ReadonlyMap<number, RowOutcome>;
  project: string;
}) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing={6} striped aria-label="Import preview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Serial</Table.Th>
            <Table.Th>UUID</Table.Th>
            <Table.Th>OS profile</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>Secure</Table.Th>
            <Table.Th>Check</Table.Th>
            <Table.Th>Import</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ csv, result }) => {
            const outcome = outcomes.get(csv.line);
            return (
              <Table.Tr key={csv.line} data-line={csv.line} data-ok={result.ok}>
                <Table.Td>{csv.line}</Table.Td>
                <Table.Td ff="monospace">{csv.serial || '-'}</Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {csv.uuid || '-'}
                </Table.Td>
                <Table.Td>{csv.osProfile || '-'}</Table.Td>
                <Table.Td>{csv.site || '-'}</Table.Td>
                <Table.Td>{csv.secure || '-'}</Table.Td>
                <Table.Td>
                  {result.ok ? (
                    <Badge color="teal" variant="light">
                      ok
                    </Badge>
                  ) : (
                    <List size="xs" spacing={2}>
                      {result.errors.map((e, i) => (
                        <List.Item key={i}>
                          <Text span fz="xs" ff="monospace" c="red">
                            {e.code}
                            {e.field ? ` ${e.field}` : ''}
                          </Text>{' '}
                          <Text span fz="xs">
                            {e.message}
                          </Text>
                        </List.Item>
                      ))}
                    </List>
                  )}
                  {result.notes.map((note) => (
                    <Text key={note} fz="xs" c="dimmed">
                      {note}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  {outcome?.kind === 'running' && <Text fz="xs">registering…</Text>}
                  {outcome?.kind === 'done' && (
                    <RouteLink to={paths.host(project, outcome.hostId)} fz="xs">
                      registered {outcome.hostId}
                    </RouteLink>
                  )}
                  {outcome?.kind === 'failed' && (
                    <Text fz="xs" c="red">
                      {outcome.message}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
