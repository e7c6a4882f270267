import type { FastifyReply, FastifyRequest } from 'fastify';
import { isOrchError, OrchError } from '../../core/errors/index.js';
import type { Authenticator } from '../auth/authenticator.js';
import { assertAccess, type Principal, type RouteAccess } from '../auth/principal.js';

/** How many event streams may be open, and how often their callers are authorised again. */
export interface StreamLimits {
  /** Open streams of one principal (a token, or an OIDC subject). */
  readonly perPrincipal: number;
  /** Open streams of this orchd process in all. */
  readonly total: number;
  /** How often a stream's credential is checked again (revoked, expired, role removed), ms. */
  readonly reauthMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = Object.freeze({
  perPrincipal: 16,
  total: 1000,
  reauthMs: 30_000,
});

/** What a guard needs of a stream: an event, and the end. */
export interface GuardedStream {
  send(event: string, data: unknown): void;
  close(): void;
  onClose(listener: () => void): void;
}

/** A slot one stream holds; given back when the stream closes. */
export interface StreamSlot {
  /** Watches the stream: re-authorises its caller, ends it on expiry, frees the slot on close. */
  attach(stream: GuardedStream): void;
}

/** Admits event streams under {@link StreamLimits} and keeps their callers authorised. */
export interface StreamGuard {
  /**
   * Takes a slot for the request's principal, or throws TOO_MANY_STREAMS (429) when the caller or
   * orchd has as many open as allowed. Call before the answer starts, so a refusal is an HTTP error.
   */
  admit(request: FastifyRequest): StreamSlot;
  /** Streams open now, in all. */
  readonly open: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The event-stream guard of the `/v1` API (null outside it). */
    streamGuard: StreamGuard | null;
  }
}

/** The guard of the context `reply` answers in, if any. */
export function streamGuardOf(reply: FastifyReply): StreamGuard | null {
  return (reply.server as { streamGuard?: StreamGuard | null }).streamGuard ?? null;
}

/** Longest delay setTimeout keeps (about 24.8 days); a later expiry is caught by re-authorisation. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const principalKey = (principal: Principal): string =>
  principal.tokenId ? `token:${principal.tokenId}` : `${principal.kind}:${principal.subject}`;

/**
 * The stream guard of one app. Every `reauthMs` a stream's `Authorization` header is checked again
 * exactly as a new request would be (token known and unexpired, role still held on the project);
 * a credential that no longer passes ends the stream with an `error` event carrying the code
 * (`Unauthenticated`, `PermissionDenied`). A credential's expiry ends it at that moment.
 */
export function createStreamGuard(deps: {
  readonly authenticate: Authenticator;
  readonly now: () => Date;
  readonly limits: StreamLimits;
}): StreamGuard {
  const { limits } = deps;
  const perPrincipal = new Map<string, number>();
  let open = 0;
  return {
    get open() {
      return open;
    },
    admit(request) {
      const principal = request.principal;
      if (!principal) throw new Error('an event stream on a public route');
      const key = principalKey(principal);
      const held = perPrincipal.get(key) ?? 0;
      if (held >= limits.perPrincipal) {
        throw new OrchError(
          'TOO_MANY_STREAMS',
          `this credential already has ${held} event streams open (at most ${limits.perPrincipal}); close one first`,
          { details: { limit: limits.perPrincipal, scope: 'principal' } },
        );
      }
      if (open >= limits.total) {
        throw new OrchError(
          'TOO_MANY_STREAMS',
          `orchd has ${open} event streams open (at most ${limits.total}); try again later`,
          { details: { limit: limits.total, scope: 'total' } },
        );
      }
      perPrincipal.set(key, held + 1);
      open += 1;
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        open -= 1;
        const left = (perPrincipal.get(key) ?? 1) - 1;
        if (left > 0) perPrincipal.set(key, left);
        else perPrincipal.delete(key);
      };
      const authorization = request.headers.authorization;
      const level = (request.routeOptions.schema?.['x-access'] ?? 'admin') as RouteAccess;
      const project = (request.params as { project?: string } | undefined)?.project;
      return {
        attach(stream) {
          let ended = false;
          const end = (error: unknown): void => {
            if (ended) return;
            ended = true;
            const code = isOrchError(error) ? error.code : 'Unauthenticated';
            const message = error instanceof Error ? error.message : String(error);
            stream.send('error', { code, message });
            stream.close();
          };
          const check = (): void => {
            deps.authenticate(authorization).then(
              (now) => {
                try {
                  assertAccess(now, level, project);
                } catch (error) {
                  end(error);
                }
              },
              (error: unknown) => {
                // A database blip is not a revocation: the next check decides.
                if (isOrchError(error) && error.code === 'Unavailable') return;
                end(error);
              },
            );
          };
          const timer = setInterval(check, limits.reauthMs);
          timer.unref();
          let expiry: NodeJS.Timeout | undefined;
          if (principal.expiresAt !== null) {
            const left = Date.parse(principal.expiresAt) - deps.now().getTime();
            if (left < MAX_TIMER_MS) {
              expiry = setTimeout(
                () =>
                  end(
                    new OrchError(
                      'Unauthenticated',
                      `the credential expired at ${principal.expiresAt ?? ''}`,
                    ),
                  ),
                Math.max(0, left),
              );
              expiry.unref();
            }
          }
          stream.onClose(() => {
            clearInterval(timer);
            clearTimeout(expiry);
            release();
          });
        },
      };
    },
  };
}
