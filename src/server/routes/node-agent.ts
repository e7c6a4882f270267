import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AgentEventInput, OnboardInput } from '../../api/host-schemas.js';
import type { Host } from '../../core/host/index.js';
import type { AgentEvent } from '../../core/workflow/index.js';
import { access } from '../auth/auth-hook.js';
import { errorResponses } from '../schemas/error-schema.js';
import type { Provisioning } from '../provisioning/compose-provisioning.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The node of a node-credential route (set before the body is read). */
    node: { host: Host; credential: string } | null;
  }
}

const TAGS = ['nodes'];
const nodeSecurity = { security: [{ nodeCredential: [] }] };

/**
 * What edge nodes call (src/core/workflow/agent-protocol.ts): onboarding without an operator
 * token (rate-limited per source address), then their workflow and events with the node
 * credential onboarding gave them. Declared `public` to the operator auth hook: these routes
 * authenticate the node credential themselves.
 */
export const nodeAgentRoutes: FastifyPluginAsyncTypebox<{ provisioning: Provisioning }> = async (
  app,
  opts,
) => {
  const { onboarding, agent, limiter } = opts.provisioning;
  app.decorateRequest('node', null);
  // The credential is checked before the body is parsed: a caller without one learns nothing.
  const nodeOnly = {
    onRequest: async (request: { headers: { authorization?: string }; node: unknown }) => {
      request.node = await agent.authenticate(request.headers.authorization);
    },
  };
  const nodeOf = (request: { node: { host: Host; credential: string } | null }) => {
    if (!request.node) throw new Error('node route without its node');
    return request.node;
  };
  app.post(
    '/v1/onboard',
    {
      schema: {
        ...access('public'),
        tags: TAGS,
        summary: 'A node asks to be onboarded: 200 with its credential, 202 awaiting approval, 404 unknown',
        body: OnboardInput,
        response: {
          200: Type.Object({
            state: Type.Literal('onboarded'),
            hostId: Type.String(),
            projectName: Type.String(),
            credential: Type.String(),
          }),
          202: Type.Object({
            state: Type.Literal('awaiting-approval'),
            message: Type.String(),
            retryAfterSeconds: Type.Integer(),
          }),
          ...errorResponses(400, 404, 409, 429, 500, 503),
        },
      },
      // The limit is checked before the body is even parsed.
      onRequest: async (request, reply) => {
        try {
          limiter.take(request.ip);
        } catch (error) {
          const after = (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
          if (after) void reply.header('retry-after', String(after));
          throw error;
        }
      },
    },
    async (request, reply) => {
      const outcome = await onboarding.onboard(request.body);
      if (outcome.status === 202) void reply.header('retry-after', String(outcome.body.retryAfterSeconds));
      return reply.status(outcome.status).send(outcome.body);
    },
  );
  app.get(
    '/v1/agent/workflow',
    {
      schema: {
        ...access('public'),
        ...nodeSecurity,
        tags: TAGS,
        summary: "The node's workflow (plan snapshot with its user-data), with the node credential",
        querystring: Type.Object({ hostId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: {
          200: Type.Object({}, { additionalProperties: true, description: 'AgentWorkflow' }),
          ...errorResponses(401, 403, 500, 503),
        },
      },
      ...nodeOnly,
    },
    async (request, reply) => {
      const { host, credential } = nodeOf(request);
      const workflow = await agent.workflow(host, credential, request.query.hostId);
      if (workflow.retryAfterSeconds !== null)
        void reply.header('retry-after', String(workflow.retryAfterSeconds));
      // The plan carries the node credential inside its user-data.
      return reply.header('cache-control', 'no-store').send(workflow);
    },
  );
  app.post(
    '/v1/agent/events',
    {
      schema: {
        ...access('public'),
        ...nodeSecurity,
        tags: TAGS,
        summary: 'A step event from the node (idempotent by attempt and seq)',
        body: AgentEventInput,
        response: {
          200: Type.Object({ accepted: Type.Boolean(), state: Type.String() }),
          ...errorResponses(400, 401, 403, 409, 500, 503),
        },
      },
      ...nodeOnly,
    },
    async (request) => {
      const { host } = nodeOf(request);
      return agent.event(host, request.body as AgentEvent);
    },
  );
};
