/**
 * Wire schemas of the host CSV dry run (`POST …/compute/hosts/import-check`): the rows of EMF's
 * host CSV as the client parsed them, and orchd's verdict per row with the server's own rules.
 * @module
 */
import { Type, type Static } from 'typebox';

/** Most rows one check takes (a larger CSV is checked in parts). */
export const HOST_IMPORT_MAX_ROWS = 10_000;

/** Generous bounds: a malformed value must reach the row's own verdict, not refuse the batch. */
const Text = (maxLength: number, description: string) => Type.String({ maxLength, description });

/** One CSV row (EMF's columns Serial, UUID, OSProfile, Site, Secure, RemoteUser, Metadata, LVMSize, CloudInitMeta). */
export const HostImportRow = Type.Object(
  {
    line: Type.Integer({ minimum: 1, description: 'The CSV line, echoed back.' }),
    serialNumber: Type.Optional(Text(256, 'Serial column.')),
    uuid: Type.Optional(Text(256, 'UUID column.')),
    osProfile: Text(256, 'OSProfile column: the profile name or resourceId.'),
    site: Type.Optional(Text(256, 'Site column: the site id or name.')),
    secure: Type.Optional(Type.Boolean({ description: 'Secure column (true needs an SB_FDE profile).' })),
    remoteUser: Type.Optional(Text(256, 'RemoteUser column (local accounts; not supported).')),
    metadata: Type.Optional(Text(8192, "Metadata column: EMF's `key=value&key2=value2`.")),
    lvmSize: Type.Optional(Text(64, 'LVMSize column: GiB, a whole number.')),
    cloudInitMeta: Type.Optional(
      Text(8192, 'CloudInitMeta column (custom config resources; not supported).'),
    ),
  },
  { additionalProperties: false },
);
export type HostImportRow = Static<typeof HostImportRow>;

/** `POST …/compute/hosts/import-check` body. */
export const HostImportCheckInput = Type.Object(
  { rows: Type.Array(HostImportRow, { maxItems: HOST_IMPORT_MAX_ROWS }) },
  { additionalProperties: false },
);
export type HostImportCheckInput = Static<typeof HostImportCheckInput>;

/** One reason a row would fail; `code` is from the error registry (as the real call would answer). */
export const HostImportIssue = Type.Object({
  code: Type.String({
    description: 'Error registry code, e.g. InvalidArgument, NotFound, FailedPrecondition.',
  }),
  field: Type.Optional(
    Type.String({
      description:
        'The row field at fault: serialNumber, uuid, osProfile, site, secure, remoteUser, metadata, lvmSize, cloudInitMeta.',
    }),
  ),
  message: Type.String(),
});
export type HostImportIssue = Static<typeof HostImportIssue>;

/** The verdict on one row. */
export const HostImportRowResult = Type.Object({
  line: Type.Integer(),
  ok: Type.Boolean({ description: 'True when the row has no errors.' }),
  errors: Type.Array(HostImportIssue),
  notes: Type.Array(Type.String(), {
    description: 'edge-orch: facts that do not fail the row (e.g. the profile is still being validated).',
  }),
});
export type HostImportRowResult = Static<typeof HostImportRowResult>;

/** `POST …/compute/hosts/import-check` answer (200). */
export const HostImportCheckResult = Type.Object({
  rows: Type.Array(HostImportRowResult),
  okCount: Type.Integer(),
  failedCount: Type.Integer(),
});
export type HostImportCheckResult = Static<typeof HostImportCheckResult>;
