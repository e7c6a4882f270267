import { ERROR_CODES, OrchError, isOrchError } from '../../core/errors/index.js';
import { REPORTED_ISSUES_MAX } from '../../core/os-profile/index.js';

/** An error answer: the HTTP status and the `{code, message, details?}` body. */
export interface ErrorReply {
  readonly status: number;
  readonly body: ReturnType<OrchError['toJSON']>;
}

/** Fastify's own errors carry `code` (FST_ERR_*) and `statusCode`; validation errors carry `validation`. */
interface FrameworkError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
  readonly validation?: readonly ValidationIssue[];
  readonly validationContext?: string;
}

/** One ajv issue, as Fastify hands it over. */
interface ValidationIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/**
 * Maps anything a handler or Fastify throws to the wire error. OrchErrors keep their code;
 * schema failures, malformed JSON and oversized bodies become InvalidArgument; everything else is
 * Internal with no stack or SQL text (the caller logs the original).
 */
export function toErrorReply(error: unknown, bodyLimit: number): ErrorReply {
  if (isOrchError(error)) return { status: error.status, body: error.toJSON() };
  const fw = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  if (fw.validation) return fromOrch(validationError(fw.validation, fw.validationContext ?? 'body'));
  if (fw.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return fromOrch(
      new OrchError('InvalidArgument', `request body is larger than the ${bodyLimit}-byte limit`),
    );
  }
  if (fw.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return fromOrch(new OrchError('InvalidArgument', 'request body must be application/json'));
  }
  if (fw.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return fromOrch(new OrchError('InvalidArgument', 'request body is empty; a JSON object is expected'));
  }
  if (error instanceof SyntaxError || fw.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return fromOrch(new OrchError('InvalidArgument', 'request body is not valid JSON'));
  }
  if (typeof fw.statusCode === 'number' && fw.statusCode >= 400 && fw.statusCode < 500) {
    return fromOrch(new OrchError('InvalidArgument', 'the request is malformed'));
  }
  return { status: ERROR_CODES.Internal.status, body: new OrchError('Internal', 'internal error').toJSON() };
}

function fromOrch(error: OrchError): ErrorReply {
  return { status: error.status, body: error.toJSON() };
}

/** One clear message for the first schema issue: unknown fields are named, so are bad ones. */
function validationError(issues: readonly ValidationIssue[], context: string): OrchError {
  // A Set, not indexOf per name: the list can be as long as the body's keys.
  const unknown = [
    ...new Set(
      issues
        .filter((issue) => issue.keyword === 'additionalProperties')
        .flatMap((issue) => namesOf(issue, 'additionalProperties', 'additionalProperty')),
    ),
  ];
  if (unknown.length > 0) {
    // Named up to the same bound as rule issues: a body of 55,000 unknown keys must not echo them all.
    const shown = unknown.slice(0, REPORTED_ISSUES_MAX);
    const more = unknown.length - shown.length;
    const list = shown.map((f) => `'${f}'`).join(', ') + (more > 0 ? ` (and ${more} more)` : '');
    return new OrchError(
      'InvalidArgument',
      `unknown field${unknown.length > 1 ? 's' : ''} ${list} in ${context}`,
      {
        details: {
          in: context,
          unknownFields: shown,
          ...(more > 0 ? { unknownFieldCount: unknown.length } : {}),
        },
      },
    );
  }
  const first = issues[0];
  const field = first ? fieldOf(first) : '';
  const what = first?.keyword === 'required' ? 'is required' : (first?.message ?? 'is invalid');
  const message = field ? `${context} field '${field}' ${what}` : `${context} ${what}`;
  return new OrchError('InvalidArgument', message, { details: { in: context, field } });
}

function fieldOf(issue: ValidationIssue): string {
  if (issue.keyword === 'required') return namesOf(issue, 'requiredProperties', 'missingProperty')[0] ?? '';
  return issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
}

/** Property names an issue is about: TypeBox lists them (`requiredProperties`), ajv names one. */
function namesOf(issue: ValidationIssue, listKey: string, singleKey: string): string[] {
  const list = issue.params[listKey];
  const names = Array.isArray(list) ? list.map(String) : [String(issue.params[singleKey])];
  return names.map((name) => joinPath(issue.instancePath, name));
}

function joinPath(instancePath: string, name: string): string {
  const base = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return base ? `${base}.${name}` : name;
}
