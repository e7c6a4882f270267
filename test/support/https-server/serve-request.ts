/**
 * @module
 * How the test image server answers one request: redirects, injected statuses, validators,
 * ranges and If-Range, then the body with its faults (see {@link FileFaults}).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeBody, type BodyFault, type BodyOutcome } from './body-writer.js';
import { answerRange, type ByteRange } from '../../../src/server/http/range-response.js';
import { toProvider, type ContentProvider, type ServedContent } from './served-content.js';

/** Faults injected for one path. Offsets are absolute offsets in the served content. */
export interface FileFaults {
  /** Close the connection abruptly after sending the bytes before each offset (each used once). */
  readonly dropAt?: readonly number[];
  /** Stop sending (keeping the connection open) at each offset (each used once). */
  readonly stallAt?: readonly number[];
  /** Ignore Range: every GET gets `200` and the full body, with `Accept-Ranges: none`. */
  readonly noRange?: boolean;
  /** After this many requests to the path, serve `content` instead (a new ETag and Last-Modified). */
  readonly changeAfter?: { readonly requests: number; readonly content: ServedContent };
  /** Answer this status (with a short text body) instead of the content... */
  readonly status?: number;
  /** ...for this many requests only (default: every request). */
  readonly statusTimes?: number;
  /** Answer HEAD requests with this status (pre-signed URLs are signed for GET only: 403). */
  readonly headStatus?: number;
  /** Send at most this many body bytes per second. */
  readonly bytesPerSecond?: number;
  /** Which validators to send (default `both`). */
  readonly validators?: 'both' | 'etag' | 'last-modified' | 'none';
  /** Send no Content-Length (a chunked body whose size is learnt only as it arrives). */
  readonly noLength?: boolean;
}

/** A path's content plus its faults. */
export interface ServedFile {
  readonly content: ServedContent;
  readonly faults?: FileFaults;
}

/** One request as the server saw it; `bytesSent` and `outcome` are updated while it is served. */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly range: string | undefined;
  readonly ifRange: string | undefined;
  readonly authorization: string | undefined;
  status: number;
  /** The served range (inclusive), when the answer was a 206. */
  served: ByteRange | undefined;
  /** Content generation (0, then 1 after `changeAfter`). */
  generation: number;
  bytesSent: number;
  outcome: BodyOutcome | 'no-body' | 'pending';
}

export interface PathState {
  readonly file: ServedFile;
  requests: number;
  readonly pendingFaults: BodyFault[];
  readonly providers: ContentProvider[];
}

function isServedFile(value: ServedContent | ServedFile): value is ServedFile {
  return typeof value === 'object' && 'content' in value && !(value instanceof Uint8Array);
}

export function newPathState(entry: ServedContent | ServedFile): PathState {
  const file = isServedFile(entry) ? entry : { content: entry };
  const drops = (file.faults?.dropAt ?? []).map((offset) => ({ kind: 'drop' as const, offset }));
  const stalls = (file.faults?.stallAt ?? []).map((offset) => ({ kind: 'stall' as const, offset }));
  const providers = [toProvider(file.content)];
  if (file.faults?.changeAfter) providers.push(toProvider(file.faults.changeAfter.content));
  return { file, requests: 0, pendingFaults: [...drops, ...stalls], providers };
}

/** Takes (once) the earliest pending fault inside [start, end]. */
function takeFault(state: PathState, start: number, end: number): BodyFault | undefined {
  let best: BodyFault | undefined;
  for (const fault of state.pendingFaults) {
    if (fault.offset >= start && fault.offset <= end && (!best || fault.offset < best.offset)) best = fault;
  }
  if (best) state.pendingFaults.splice(state.pendingFaults.indexOf(best), 1);
  return best;
}

export interface ServeContext {
  readonly states: Map<string, PathState>;
  readonly redirects: Readonly<Record<string, string>>;
  /** Distinguishes this server's ETags from another run's. */
  readonly tag: string;
  /** Last-Modified of generation 0, whole seconds. */
  readonly epoch: number;
}

function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function httpEpoch(): number {
  return Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
}

export function serve(context: ServeContext, req: IncomingMessage, res: ServerResponse): RequestRecord {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    path,
    range: req.headers.range,
    ifRange: singleHeader(req, 'if-range'),
    authorization: req.headers.authorization,
    status: 0,
    served: undefined,
    generation: 0,
    bytesSent: 0,
    outcome: 'pending',
  };
  const location = context.redirects[path];
  if (location !== undefined) {
    record.status = 302;
    record.outcome = 'no-body';
    res.writeHead(302, { location, 'content-length': 0 });
    res.end();
    return record;
  }
  const state = context.states.get(path);
  if (!state) return answerText(res, record, 404, 'not found');
  state.requests += 1;
  const faults = state.file.faults ?? {};
  if (faults.status !== undefined && state.requests <= (faults.statusTimes ?? Infinity)) {
    return answerText(res, record, faults.status, `status ${faults.status} injected`);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return answerText(res, record, 405, 'GET or HEAD');
  if (req.method === 'HEAD' && faults.headStatus !== undefined) {
    return answerText(res, record, faults.headStatus, `status ${faults.headStatus} injected for HEAD`);
  }
  record.generation = faults.changeAfter && state.requests > faults.changeAfter.requests ? 1 : 0;
  serveContent(context, state, req, res, record);
  return record;
}

function answerText(res: ServerResponse, record: RequestRecord, status: number, text: string): RequestRecord {
  record.status = status;
  record.outcome = 'no-body';
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return record;
}

function validatorHeaders(context: ServeContext, state: PathState, generation: number, size: number) {
  const which = state.file.faults?.validators ?? 'both';
  const etag = `"${context.tag}-g${generation}-${size.toString(16)}"`;
  const lastModified = new Date(context.epoch + generation * 3_600_000).toUTCString();
  return {
    etag: which === 'both' || which === 'etag' ? etag : undefined,
    lastModified: which === 'both' || which === 'last-modified' ? lastModified : undefined,
  };
}

function serveContent(
  context: ServeContext,
  state: PathState,
  req: IncomingMessage,
  res: ServerResponse,
  record: RequestRecord,
): void {
  const faults = state.file.faults ?? {};
  const provider = state.providers[record.generation] as ContentProvider;
  const size = provider.size;
  const { etag, lastModified } = validatorHeaders(context, state, record.generation, size);
  const answer = answerRange(
    { range: req.headers.range, ifRange: singleHeader(req, 'if-range') },
    { size, etag, lastModified, acceptRanges: !faults.noRange },
  );
  const headers: Record<string, string | number> = {
    'content-type': 'application/octet-stream',
    ...answer.headers,
  };
  if (faults.noLength) delete headers['content-length'];
  const status = answer.status;
  if (status === 206) record.served = answer.body;
  const range = answer.body;
  if (req.method === 'HEAD' || !range) return void answerHeaders(res, record, status, headers, true);
  answerHeaders(res, record, status, headers, false);
  const plan = {
    start: range.start,
    end: range.end,
    fault: takeFault(state, range.start, range.end),
    bytesPerSecond: faults.bytesPerSecond,
    onBytes: (count: number) => (record.bytesSent += count),
    onOutcome: (outcome: BodyOutcome) => (record.outcome = outcome),
  };
  void writeBody(res, provider.open(range.start, range.end), plan);
}

function answerHeaders(
  res: ServerResponse,
  record: RequestRecord,
  status: number,
  headers: Record<string, string | number>,
  end: boolean,
): void {
  record.status = status;
  res.writeHead(status, headers);
  if (end) {
    record.outcome = 'no-body';
    res.end();
  }
}
