import { Code, List, Stack, Table, Text, Title } from '@mantine/core';
import type { ImageFacts, ValidationReport } from '../api/api-types.js';
import { formatBytes, formatDuration } from '../shared/format.js';
import { StateBadge } from './validation-badge.js';

/** Every check of a report: its id, status and message, in the report's order. */
export function CheckTable({ report }: { report: ValidationReport }) {
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {report.checks.length} checks in {formatDuration(report.durationMs)}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={4} aria-label="Validation checks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Check</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.checks.map((check) => (
              <Table.Tr key={check.id} data-status={check.status}>
                <Table.Td>
                  <Code>{check.id}</Code>
                </Table.Td>
                <Table.Td>
                  <StateBadge state={check.status} />
                </Table.Td>
                <Table.Td>{check.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** What inspection found: layers, sizes, partitions, OS release, EFI binaries and their signers. */
export function ImageFactsView({ facts }: { facts: ImageFacts }) {
  const release = facts.osRelease?.['PRETTY_NAME'] ?? facts.osRelease?.['NAME'];
  return (
    <Stack gap="sm">
      <Title order={4}>Image facts</Title>
      <Text size="sm">
        Format {facts.formatChain.join(' → ') || '-'}, hosted {formatBytes(facts.hostedBytes)}, disk{' '}
        {formatBytes(facts.virtualSize)}
        {release ? `, ${release}` : ''}
      </Text>
      {facts.partitions.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={2} aria-label="Partitions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Filesystem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {facts.partitions.map((p) => (
                <Table.Tr key={p.number}>
                  <Table.Td>{p.number}</Table.Td>
                  <Table.Td>{p.name || '-'}</Table.Td>
                  <Table.Td>{p.typeName ?? p.type}</Table.Td>
                  <Table.Td>{formatBytes(p.size)}</Table.Td>
                  <Table.Td>{p.fs ? `${p.fs}${p.label ? ` (${p.label})` : ''}` : '-'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {facts.efiBinaries.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={2} aria-label="EFI binaries and signers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>EFI binary</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Signers</Table.Th>
                <Table.Th>Chains to the profile&apos;s Secure Boot certificates</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {facts.efiBinaries.map((binary) => (
                <Table.Tr key={`${binary.partition}:${binary.path}`}>
                  <Table.Td>
                    <Code>{binary.path}</Code>
                  </Table.Td>
                  <Table.Td>{binary.role}</Table.Td>
                  <Table.Td>{binary.signed ? binary.signers.join('; ') : 'unsigned'}</Table.Td>
                  <Table.Td>{binary.chainsToTrusted ? 'yes' : (binary.problem ?? 'no')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {facts.problems.length > 0 && (
        <List size="sm">
          {facts.problems.map((problem) => (
            <List.Item key={problem}>{problem}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
