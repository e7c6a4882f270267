import { Type, type Static } from 'typebox';
import { CHECK_STATUSES, VALIDATION_STATES, VALIDATION_VERDICTS } from '../core/validation/index.js';
import { BUILTIN_TABLE_SOURCES, DRIVER_TABLE_BUSES, DRIVER_TABLE_SOURCES } from '../core/drivers/index.js';
import { JobErrorBody } from './error-schemas.js';
import { literals, nullable } from './schema-helpers.js';

/** The stages of a validation run: the image pipeline's, then inspection and the checks. */
export const VALIDATION_STAGES = [
  'connecting',
  'downloading',
  'writing',
  'verifying',
  'committing',
  'done',
  'inspecting',
  'checking',
] as const;

/** A progress report of a running image transfer or validation. */
export const ProgressEvent = Type.Object(
  {
    stage: literals(VALIDATION_STAGES, 'Where the run is.'),
    bytesDownloaded: Type.Number({ description: 'Hosted (possibly compressed) bytes received so far.' }),
    bytesWritten: Type.Number({ description: 'Raw disk bytes handed to the sink so far, holes included.' }),
    total: Type.Optional(Type.Number({ description: 'Size of the hosted file, when the server said it.' })),
    rate: Type.Number({ description: 'Download rate in bytes/s, smoothed.' }),
    etaSeconds: Type.Optional(Type.Number({ description: 'Seconds left at the current rate, when known.' })),
  },
  { description: 'Progress: stage and byte counters.' },
);
export type ProgressEvent = Static<typeof ProgressEvent>;

/** One check of a report. */
export const CheckResult = Type.Object({
  id: Type.String({ description: 'Stable id, e.g. `emt.rootfs-size`; clients may match on it.' }),
  status: literals(CHECK_STATUSES, '`skip`: it could not run; the message says why.'),
  message: Type.String({ description: 'What was found and what was expected, in one line.' }),
  evidence: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: 'Facts behind the message.' }),
  ),
});
export type CheckResult = Static<typeof CheckResult>;

const PartitionFacts = Type.Object({
  number: Type.Integer({ description: '1-based slot of the GPT entry array.' }),
  name: Type.String(),
  type: Type.String({ description: 'Type GUID, upper case.' }),
  typeName: Type.Optional(Type.String()),
  start: Type.Number({ description: 'Byte offset.' }),
  size: Type.Number({ description: 'Bytes.' }),
  fs: Type.Optional(literals(['vfat', 'ext4'] as const, 'Filesystem found in it.')),
  label: Type.Optional(Type.String()),
});

const GptFacts = Type.Object({
  found: Type.Boolean(),
  valid: Type.Boolean(),
  protectiveMbr: Type.Boolean(),
  errors: Type.Array(Type.String()),
  warnings: Type.Array(Type.String()),
});

const SbatEntryFacts = Type.Object({
  component: Type.String(),
  generation: Type.Integer(),
  vendor: Type.String(),
  packageName: Type.String(),
  version: Type.String(),
});

const EfiBinaryFacts = Type.Object({
  path: Type.String(),
  partition: Type.Integer(),
  role: literals(
    ['loader', 'bootloader', 'uki', 'kernel', 'other'] as const,
    'Place in the boot chain: first stage, second stage, UKI, kernel, other.',
  ),
  signed: Type.Boolean(),
  signers: Type.Array(Type.String()),
  chainsToTrusted: Type.Boolean({
    description: 'A signature verifies and chains to an anchor of its stage.',
  }),
  signedBy: Type.Optional(Type.String()),
  anchor: Type.Optional(Type.String({ description: 'The anchor it chained to.' })),
  revoked: Type.Optional(Type.String({ description: 'The deny-list entry that revokes it.' })),
  problem: Type.Optional(Type.String()),
  sbat: Type.Optional(Type.Array(SbatEntryFacts)),
  sbatProblem: Type.Optional(Type.String()),
  shim: Type.Optional(
    Type.Object({
      version: Type.Optional(Type.String()),
      vendorCertificates: Type.Array(Type.String()),
      sbatLevel: Type.Optional(
        Type.Object({
          text: Type.String(),
          entries: Type.Array(Type.Object({ component: Type.String(), generation: Type.Integer() })),
        }),
      ),
    }),
  ),
});

const UkiCmdlineFacts = Type.Object({
  path: Type.String(),
  partition: Type.Integer(),
  cmdline: Type.Optional(Type.String()),
  problem: Type.Optional(Type.String()),
});

const DriverModuleFacts = Type.Object(
  {
    module: Type.String({ description: 'Module name as modprobe knows it (`igc`, `nvme`).' }),
    builtin: Type.Boolean({ description: 'Built into the kernel image (always present).' }),
    aliases: Type.Array(Type.String(), {
      description:
        'Modalias patterns: PCI without the `pci:` prefix (`v00008086d0000125Csv*sd*bc*sc*i*`), USB with it (`usb:v0BDAp8153d*dc*dsc*dp*icFFisc*ip*in*`).',
    }),
  },
  { additionalProperties: false },
);

/** One kernel of the image and the PCI and USB aliases of its drivers (the driver check's table). */
const KernelDriversFacts = Type.Object(
  {
    version: Type.String({ description: '`uname -r` of the kernel, e.g. 6.8.0-45-generic.' }),
    where: Type.Array(Type.String(), {
      description:
        'Where it was found: `p2:/lib/modules/<ver>`, `p2:/boot/vmlinuz-<ver>`, `p1:/EFI/Linux/x.efi`.',
    }),
    source: literals(
      DRIVER_TABLE_SOURCES,
      'Loadable modules: `modules.alias`, each `.ko` `.modinfo` (when modules.alias is absent), or `none`.',
    ),
    builtinSource: Type.Union(
      [literals(BUILTIN_TABLE_SOURCES, 'Where the built-ins came from.'), Type.Null()],
      {
        description:
          'Built-in drivers: modules.builtin.alias, else modules.builtin.modinfo; null when neither.',
      },
    ),
    modules: Type.Array(DriverModuleFacts),
    aliasCount: Type.Integer({ description: 'PCI and USB aliases kept, deduplicated.' }),
    truncated: Type.Boolean({ description: 'The table was cut at its size bound.' }),
    buses: Type.Optional(
      Type.Array(literals(DRIVER_TABLE_BUSES, 'A bus whose aliases the table records.'), {
        description: 'Buses recorded; absent in reports from before USB aliases were kept (PCI only).',
      }),
    ),
  },
  { additionalProperties: false },
);

/** What inspection found in an image. */
export const ImageFacts = Type.Object(
  {
    formatChain: Type.Array(Type.String(), {
      description: "Detected layers, outermost first, e.g. ['gzip', 'qcow2'].",
    }),
    hostedBytes: Type.Number(),
    virtualSize: Type.Number({ description: 'Size of the raw disk.' }),
    sha256: Type.String({ description: 'Of the hosted file, lower-case hex.' }),
    gpt: GptFacts,
    partitions: Type.Array(PartitionFacts),
    rootPartition: Type.Optional(Type.Integer()),
    osRelease: Type.Optional(Type.Record(Type.String(), Type.String())),
    efiBinaries: Type.Array(EfiBinaryFacts),
    ukiCmdlines: Type.Optional(Type.Array(UkiCmdlineFacts)),
    kernels: Type.Optional(
      Type.Array(KernelDriversFacts, {
        description:
          "The image's kernels and their drivers' PCI and USB alias tables (edge-orch's driver check).",
      }),
    ),
    rootPaths: Type.Record(Type.String(), Type.Boolean(), {
      description: 'Probed root paths and whether they exist.',
    }),
    problems: Type.Array(Type.String(), { description: 'What inspection could not read, one line each.' }),
  },
  { description: 'What inspection found: format chain, sizes, GPT, partitions, os-release, EFI signers.' },
);
export type ImageFacts = Static<typeof ImageFacts>;

/** A validation report: the verdict and every check (the dry run adds the facts). */
export const ValidationReport = Type.Object(
  {
    state: literals(
      VALIDATION_VERDICTS,
      '`failed` when a check failed, `warned` when one warned, else `passed`.',
    ),
    checks: Type.Array(CheckResult),
    facts: Type.Optional(ImageFacts),
    durationMs: Type.Number(),
  },
  { description: 'The verdict and every check, with durationMs.' },
);
export type ValidationReport = Static<typeof ValidationReport>;

/** The validation of a profile (GET …/validation, POST …/validate, the stream's `validation` events). */
export const ValidationView = Type.Object({
  jobId: nullable(Type.String(), 'The validation job; null when never queued.'),
  state: literals(
    VALIDATION_STATES,
    'pending (queued), running, then the verdict: passed, warned or failed.',
  ),
  progress: nullable(ProgressEvent, 'Last progress of the run.'),
  report: nullable(Type.Omit(ValidationReport, ['facts']), 'The verdict and the checks (facts beside them).'),
  facts: nullable(ImageFacts, 'What inspection found.'),
  error: nullable(
    JobErrorBody,
    'Why the run ended without a report (the checks report a bad image instead).',
  ),
  attempts: Type.Integer({ description: 'How many times a replica took the job.' }),
  createdAt: nullable(Type.String()),
  startedAt: nullable(Type.String()),
  finishedAt: nullable(Type.String()),
});
export type ValidationView = Static<typeof ValidationView>;
