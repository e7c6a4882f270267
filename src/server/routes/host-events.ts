import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OrchError } from '../../core/errors/index.js';
import { access } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectParams } from '../schemas/role-grant-schema.js';
import type { Provisioning } from '../provisioning/compose-provisioning.js';
import { startSse, trackSseStreams } from '../events/sse-stream.js';
import { followHostEvents } from '../provisioning/host-event-stream.js';

/** Host snapshots sent at the start of an all-hosts stream, at most. */
const SNAPSHOT_HOSTS = 100;

/**
 * `GET /v1/projects/{p}/events[?host=ID]`: the project's host events as server-sent events, from
 * the store's log (so reconnecting with Last-Event-ID loses nothing, on any replica).
 */
export const hostEventRoutes: FastifyPluginAsyncTypebox<{ provisioning: Provisioning }> = async (
  app,
  opts,
) => {
  const { store, hub, views, stream: settings } = opts.provisioning;
  const open = trackSseStreams(app);
  app.get(
    '/v1/projects/:project/events',
    {
      schema: {
        ...access('read'),
        tags: ['hosts'],
        summary: 'Host status changes and provisioning progress as server-sent events (text/event-stream)',
        description:
          'Without Last-Event-ID the stream opens with one `host` event per host (its whole view); then ' +
          '`provisioning` events (status words, step k/N, bytes, rate, error) and host events ' +
          '(`registered`, `onboarded`, `approved`, `deleted`, ...). Each `id` is the log sequence: ' +
          'reconnect with `Last-Event-ID` (or `?lastEventId=`) to continue without a gap.',
        params: ProjectParams,
        querystring: Type.Object({
          host: Type.Optional(Type.String({ maxLength: 64 })),
          lastEventId: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        produces: ['text/event-stream'],
        response: {
          200: Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', description: 'The event stream.' }),
          ...errorResponses(...AUTH_ERRORS, 404),
        },
      },
    },
    async (request, reply) => {
      const { project } = request.params;
      if (!(await store.projects.get(project))) {
        throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
      }
      const hostId = request.query.host;
      if (hostId !== undefined && !(await store.hosts.get(project, hostId))) {
        throw new OrchError('NotFound', `host ${hostId} not found in project "${project}"`, {
          details: { resourceId: hostId },
        });
      }
      const header = request.headers['last-event-id'];
      const fromHeader =
        typeof header === 'string' && /^\d{1,15}$/.test(header.trim()) ? Number(header.trim()) : undefined;
      const lastEventId = fromHeader ?? request.query.lastEventId;
      const snapshot = async () => {
        const hosts = hostId
          ? [(await store.hosts.get(project, hostId))!]
          : (await store.hosts.list(project, { pageSize: SNAPSHOT_HOSTS, offset: 0 })).items;
        const out = [];
        for (const host of hosts)
          if (host) out.push({ hostId: host.resourceId, view: await views.host(host) });
        return out;
      };
      // NotFound and bad ids answer as HTTP errors above, before the stream starts.
      const sse = startSse(reply, { heartbeatMs: settings.heartbeatMs }, open);
      await followHostEvents({ store, hub, settings }, sse, { project, hostId, lastEventId }, snapshot);
      return reply;
    },
  );
};
