import { Type } from 'typebox';

const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const anyJson = (description: string) => Type.Unsafe<unknown>({ description });

/** The validation of a profile (GET .../validation, POST .../validate, the stream's events). */
export const ValidationResource = Type.Object({
  jobId: nullable(Type.String({ description: 'The validation job; null when never queued.' })),
  state: Type.Unsafe<string>({
    type: 'string',
    enum: ['pending', 'running', 'passed', 'warned', 'failed', 'cancelled'],
    description: 'pending (queued), running, then the verdict: passed, warned or failed.',
  }),
  progress: anyJson('Last progress: stage, bytesDownloaded, bytesWritten, total, rate, etaSeconds.'),
  report: anyJson('The verdict and every check {id, status, message, evidence}, with durationMs.'),
  facts: anyJson(
    'What inspection found: format chain, virtual size, GPT, partitions, os-release, EFI signers.',
  ),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
    description: 'Why the run ended without a report (the checks report a bad image instead).',
  }),
  attempts: Type.Integer({ description: 'How many times a replica took the job.' }),
  createdAt: nullable(Type.String()),
  startedAt: nullable(Type.String()),
  finishedAt: nullable(Type.String()),
});
