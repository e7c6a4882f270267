import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectProfileParams } from '../../api/os-profile-schemas.js';
import type { ImageDryRun } from '../validation/image-dry-run.js';
import type { EventHub } from '../events/event-hub.js';
import { lastEventIdOf, startSse, trackSseStreams } from '../events/sse-stream.js';
import type { ValidationStreamSettings } from '../validation/validation-options.js';
import { ValidationView as ValidationResource } from '../../api/index.js';
import type { ValidationService } from '../validation/validation-service.js';
import { followValidation } from '../validation/validation-stream.js';

/** What the validation routes use. */
export interface OsProfileValidationRouteOptions {
  readonly service: ValidationService;
  /** Job changes and progress from every replica. */
  readonly hub: EventHub;
  readonly stream: ValidationStreamSettings;
  /** Dry runs of image validation (`…/validate-image`); absent when this process runs no validator. */
  readonly dryRun?: ImageDryRun;
}

const SEGMENTS = ['os', 'operating_systems'] as const;
const TAGS = ['os-profiles'];

function schemas(alias: string) {
  const one = { params: ProjectProfileParams, tags: TAGS };
  return {
    start: {
      ...access('write'),
      ...one,
      summary: `Start the pre-flight validation of the profile's image${alias}`,
      description:
        'Queues a validation job (202). While one is pending or running, returns that one instead.',
      response: { 202: ValidationResource, ...errorResponses(...AUTH_ERRORS, 404) },
    },
    get: {
      ...access('read'),
      ...one,
      summary: `The profile's latest validation: state, progress, report and image facts${alias}`,
      response: { 200: ValidationResource, ...errorResponses(...AUTH_ERRORS, 404) },
    },
    events: {
      ...access('read'),
      ...one,
      summary: `Validation progress as server-sent events (text/event-stream)${alias}`,
      description:
        '`validation` events carry the whole validation (first at once, then on each change), ' +
        '`progress` events the stage and byte counters (with an `id`: a reconnect sending ' +
        '`Last-Event-ID` gets the ones it missed); comment lines keep the connection alive. ' +
        'The stream ends after a verdict (passed, warned, failed). A profile with no validation job ' +
        'gets its `validation` event, then `end` `{"reason":"NO_VALIDATION_JOB","message":…}`, and the ' +
        'stream ends; a profile deleted while followed ends it with `error` `{"code":"NotFound",…}`. ' +
        'Clients do not reconnect after `end` or `error`.',
      produces: ['text/event-stream'],
      response: {
        200: Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', description: 'The event stream.' }),
        ...errorResponses(...AUTH_ERRORS, 404),
      },
    },
  };
}

/**
 * Pre-flight image validation of an OS profile: start it, read it, follow it. Streams still
 * open when orchd stops are ended first, so closing the server does not wait for clients.
 */
export const osProfileValidationRoutes: FastifyPluginAsyncTypebox<OsProfileValidationRouteOptions> = async (
  app,
  opts,
) => {
  const { service } = opts;
  const open = trackSseStreams(app);
  for (const segment of SEGMENTS) {
    const item = `/v1/projects/:project/compute/${segment}/:resourceId`;
    const s = schemas(segment === 'os' ? '' : ' (alias of /compute/os)');
    app.post(`${item}/validate`, { schema: s.start }, async ({ params }, reply) => {
      const { view } = await service.start(params.project, params.resourceId);
      return reply.status(202).send(view);
    });
    app.get(`${item}/validation`, { schema: s.get }, async ({ params }) =>
      service.get(params.project, params.resourceId),
    );
    app.get(`${item}/validation/events`, { schema: s.events }, async (request, reply) => {
      const { project, resourceId } = request.params;
      // NotFound answers as an HTTP error, before the stream starts.
      const first = await service.get(project, resourceId);
      const stream = startSse(reply, { heartbeatMs: opts.stream.heartbeatMs }, open);
      const target = { project, osId: resourceId, lastEventId: lastEventIdOf(request) };
      followValidation({ service, hub: opts.hub }, stream, target, first);
      return reply;
    });
  }
};
