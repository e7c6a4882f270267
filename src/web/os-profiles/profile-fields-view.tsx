import { Card, Code, Stack, Text, Title } from '@mantine/core';
import type { OsProfile } from '../api/api-types.js';
import { FieldGrid } from '../shared/field-grid.js';
import { formatTime, shortEnum } from '../shared/format.js';

/** Every field of a profile, labelled. */
export function ProfileFieldsView({ profile }: { profile: OsProfile }) {
  const rows: [string, string][] = [
    ['Resource id', profile.resourceId],
    ['Profile name', profile.profileName],
    ['OS version (imageId)', profile.imageId],
    ['OS type', shortEnum(profile.osType)],
    ['OS family', profile.osFamily],
    ['Provider', shortEnum(profile.osProvider)],
    ['Security feature', shortEnum(profile.securityFeature)],
    ['Architecture', profile.architecture],
    ['Source', profile.source],
    ['Created', formatTime(profile.timestamps.createdAt)],
    ['Updated', formatTime(profile.timestamps.updatedAt)],
    ['Description', profile.description || '-'],
    ['Secure Boot certificates', profile.secureBootCerts ? 'set (checked against the EFI signers)' : 'none'],
    ['Platform bundle', profile.platformBundle || '-'],
  ];
  return (
    <Card withBorder radius="md" p="md" component="section" aria-label="Profile fields">
      <Stack gap="sm">
        <Title order={3}>Fields</Title>
        <FieldGrid rows={rows} />
        <div>
          <Text size="xs" c="dimmed">
            Image URL
          </Text>
          <Code style={{ wordBreak: 'break-all' }}>{profile.imageUrl}</Code>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            SHA-256
          </Text>
          <Code style={{ wordBreak: 'break-all' }}>{profile.sha256}</Code>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Metadata
          </Text>
          <Code block>{profile.metadata ? JSON.stringify(JSON.parse(profile.metadata), null, 2) : '{}'}</Code>
        </div>
      </Stack>
    </Card>
  );
}
