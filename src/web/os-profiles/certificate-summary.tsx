import { Card, Code, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { CertificateSummary } from '../api/api-types.js';
import { formatTime } from '../shared/format.js';
import { LabelledValue } from '../shared/labelled-value.js';

/** The profile's image-server certificates as orchd decoded them: subject, issuer, validity, fingerprint. */
export function CertificateSummaryCard({ certificates }: { certificates: readonly CertificateSummary[] }) {
  return (
    <Card withBorder radius="md" p="md" component="section" aria-label="TLS certificate">
      <Stack gap="sm">
        <Title order={3}>TLS certificate</Title>
        {certificates.length === 0 && (
          <Text c="dimmed">None: the image server must chain to the system&apos;s trusted roots.</Text>
        )}
        {certificates.map((cert) => (
          <SimpleGrid key={cert.sha256Fingerprint} cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing={4}>
            <LabelledValue label="Subject" value={cert.subject} />
            <LabelledValue
              label="Issuer"
              value={cert.selfSigned ? `${cert.issuer} (self-signed)` : cert.issuer}
            />
            <LabelledValue label="Valid from" value={formatTime(cert.notBefore)} />
            <LabelledValue label="Valid until" value={formatTime(cert.notAfter)} />
            <LabelledValue label="Kind" value={cert.isCA ? 'CA certificate' : 'server (leaf) certificate'} />
            <div>
              <Text size="xs" c="dimmed">
                SHA-256 fingerprint
              </Text>
              <Code style={{ wordBreak: 'break-all' }}>{cert.sha256Fingerprint}</Code>
            </div>
          </SimpleGrid>
        ))}
      </Stack>
    </Card>
  );
}
