/**
 * The transport over HTTPS (plain HTTP only when the URL says so, for loopback tests): JSON bodies,
 * orchd's certificate checked against `--ca` when given (else the system roots), a timeout per call.
 * @module
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isErrorCode, OrchError } from '../../core/errors/index.js';
import type { AgentEventAck, AgentWorkflow } from '../../core/workflow/index.js';
import type { OnboardAnswer, Transport } from './transport.js';

/** Options of {@link httpTransport}. */
export interface HttpTransportOptions {
  /** orchd's base URL, e.g. `https://orchd.example:8443`. */
  readonly baseUrl: string;
  /** PEM of the CA orchd's certificate chains to; absent: the system's roots. */
  readonly caPem?: string;
  /** Per call; default 30 s. */
  readonly timeoutMs?: number;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfter: number | undefined;
}

/** A transport to the orchd at `baseUrl`. */
export function httpTransport(options: HttpTransportOptions): Transport {
  const call = (method: string, path: string, body?: unknown, credential?: string): Promise<Answer> =>
    send(options, method, path, body, credential);
  return {
    async onboard(request) {
      const answer = await call('POST', '/v1/onboard', request);
      if (answer.status === 200 || answer.status === 202) return answer.body as OnboardAnswer;
      if (answer.status === 404)
        return { state: 'unknown', message: messageOf(answer, 'this node is not registered') };
      if (answer.status === 400)
        throw new OrchError('ONBOARD_REFUSED', messageOf(answer, 'onboarding refused'), {
          details: { status: 400 },
        });
      throw failure(answer, 'POST /v1/onboard');
    },
    async workflow(credential) {
      const answer = await call('GET', '/v1/agent/workflow', undefined, credential);
      if (answer.status === 200) return answer.body as AgentWorkflow;
      throw failure(answer, 'GET /v1/agent/workflow');
    },
    async event(credential, event) {
      const answer = await call('POST', '/v1/agent/events', event, credential);
      if (answer.status === 200) return answer.body as AgentEventAck;
      throw failure(answer, 'POST /v1/agent/events');
    },
  };
}

function messageOf(answer: Answer, fallback: string): string {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : fallback;
}

/** 5xx, 429 and unknown answers are retryable; orchd's own code is kept for the rest. */
function failure(answer: Answer, what: string): OrchError {
  const code = (answer.body as { code?: unknown } | undefined)?.code;
  const message = `${what}: ${answer.status} ${messageOf(answer, '')}`.trim();
  if (answer.status >= 500 || answer.status === 429) {
    return new OrchError('ORCHESTRATOR_UNREACHABLE', message, {
      details: { status: answer.status, retryAfterSeconds: answer.retryAfter },
    });
  }
  if (answer.status === 401 || answer.status === 403)
    return new OrchError('Unauthenticated', message, { details: { status: answer.status } });
  return new OrchError(isErrorCode(code) ? code : 'Internal', message, {
    details: { status: answer.status },
  });
}

function send(
  options: HttpTransportOptions,
  method: string,
  path: string,
  body: unknown,
  credential: string | undefined,
): Promise<Answer> {
  const url = new URL(path, options.baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        timeout: options.timeoutMs ?? 30_000,
        ...(options.caPem ? { ca: options.caPem } : {}),
        headers: {
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...(credential ? { authorization: `Bearer ${credential}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(unreachable(url, error)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = { message: text.slice(0, 200) };
          }
          const retryAfter = Number(res.headers['retry-after']);
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', (error) => reject(unreachable(url, error)));
    req.end(payload);
  });
}

function unreachable(url: URL, error: Error): OrchError {
  return new OrchError('ORCHESTRATOR_UNREACHABLE', `cannot reach orchd at ${url.origin}: ${error.message}`, {
    details: { url: url.origin, errno: (error as { code?: unknown }).code },
    cause: error,
  });
}
