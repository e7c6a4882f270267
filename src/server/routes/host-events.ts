import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OrchError } from '../../core/errors/index.js';
import { access } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { ProjectParams } from '../schemas/role-grant-schema.js';
import type { Provisioning } from '../provisioning/compose-provisioning.js';
import { openHostEventStream, type HostEventStream } from '../provisioning/host-event-stream.js';
import { sseFrame } from '../events/sse-stream.js';
import { streamGuardOf } from '../events/stream-guard.js';

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
  const open = new Set<HostEventStream>();
  app.addHook('preClose', async () => open.forEach((stream) => stream.close()));
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
          ...errorResponses(...AUTH_ERRORS, 404, 429),
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
      const stream = await openHostEventStream(
        { store, hub, settings },
        project,
        hostId,
        lastEventId,
        snapshot,
      );
      // Capped and re-authorised like every event stream (see src/server/events/stream-guard.ts).
      let slot;
      try {
        slot = streamGuardOf(reply)?.admit(request);
      } catch (error) {
        stream.close();
        throw error;
      }
      slot?.attach({
        send: (event, data) => void (stream.body.writableEnded || stream.body.write(sseFrame(event, data))),
        close: () => stream.close(),
        onClose: (listener) => void stream.body.once('close', listener),
      });
      open.add(stream);
      stream.body.once('close', () => open.delete(stream));
      reply.raw.once('close', () => stream.close());
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-accel-buffering', 'no')
        .send(stream.body);
    },
  );
};
