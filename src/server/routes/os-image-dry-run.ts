import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isOrchError, OrchError } from '../../core/errors/index.js';
import { access } from '../auth/auth-hook.js';
import { coreRulesBody } from '../os-profiles/core-rules-body.js';
import { OsProfileInput } from '../../api/os-profile-schemas.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectParams, ValidationReport } from '../../api/index.js';
import type { DryRunTask, ImageDryRun } from '../validation/image-dry-run.js';
import { progressToWire, reportToWire } from '../validation/validation-contract.js';
import { startSse, trackSseStreams, type SseOptions, type SseStream } from '../events/sse-stream.js';

/** What the dry-run route uses; without a dry run (no validator in this process) it answers 503. */
export interface OsImageDryRunRouteOptions {
  readonly dryRun: ImageDryRun | undefined;
  /** Heartbeats of the event-stream answer. */
  readonly stream: SseOptions;
}

const SEGMENTS = ['os', 'operating_systems'] as const;

const schema = (alias: string) => ({
  ...access('write'),
  tags: ['os-profiles'],
  summary: `Validate an image from a create body, without creating a profile${alias}`,
  description:
    'Runs the pre-flight image validation on the body a create takes (the same rules and errors) ' +
    'and answers the report (200); over the per-project cap it answers 429 TOO_MANY_DRY_RUNS. With `Accept: text/event-stream` it streams `progress` events, ' +
    'then one `report` event (or an `error` event) and ends. No profile and no job are stored.',
  params: ProjectParams,
  body: OsProfileInput,
  response: {
    200: ValidationReport,
    ...errorResponses(...AUTH_ERRORS, 404, 429, 503),
  },
});

const wantsEventStream = (request: FastifyRequest): boolean =>
  (request.headers.accept ?? '').includes('text/event-stream');

/** Streams one dry run: progress frames, then the report or the error, then the end. */
function streamDryRun(task: DryRunTask, reply: FastifyReply, options: SseOptions, open: Set<SseStream>) {
  const stream = startSse(reply, options, open);
  const abort = new AbortController();
  // The client went away (or orchd stops): stop downloading the image.
  stream.onClose(() => abort.abort());
  task((event) => stream.send('progress', progressToWire(event)), abort.signal).then(
    (report) => (stream.send('report', reportToWire(report)), stream.close()),
    (error: unknown) => {
      const code = isOrchError(error) ? error.code : 'Internal';
      const message = error instanceof Error ? error.message : String(error);
      stream.send('error', { code, message });
      stream.close();
    },
  );
  return reply;
}

/**
 * `POST …/compute/os/validate-image` (and under the alias): a dry run of image validation. A
 * static path segment, since Fastify's router does not take `os:validate` next to `os/:id`.
 */
export const osImageDryRunRoutes: FastifyPluginAsyncTypebox<OsImageDryRunRouteOptions> = async (
  app,
  opts,
) => {
  const open = trackSseStreams(app);
  for (const segment of SEGMENTS) {
    const path = `/v1/projects/:project/compute/${segment}/validate-image`;
    const s = schema(segment === 'os' ? '' : ' (alias of /compute/os)');
    app.post(path, { schema: s, validatorCompiler: coreRulesBody }, async (request, reply) => {
      if (!opts.dryRun) throw new OrchError('Unavailable', 'this orchd does not run image validation');
      // Body errors, 404 and a full limit answer as HTTP errors, before any stream starts.
      const task = await opts.dryRun.start(request.params.project, request.body);
      if (wantsEventStream(request)) return streamDryRun(task, reply, opts.stream, open);
      const abort = new AbortController();
      reply.raw.once('close', () => abort.abort());
      return reportToWire(await task(() => undefined, abort.signal));
    });
  }
};
