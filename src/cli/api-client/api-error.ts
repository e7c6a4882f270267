import { CliError, EXIT } from '../cli-error.js';

/** The error body orchd answers with: `{code, message, details?}` (EMF's names). */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * orchd refused a request. The message is orchd's, unchanged; 401 exits 3 (cannot authenticate),
 * everything else 1. A refused delete lists the hosts using the profile on extra lines.
 */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message, status === 401 ? EXIT.unreachable : EXIT.failed, { lines: extraLines(status, body) });
  }

  /** orchd's error code, e.g. `AlreadyExists`. */
  get code(): string {
    return this.body.code;
  }
}

function extraLines(status: number, body: ApiErrorBody): string[] {
  if (status === 401) return ['log in with: orch-cli login --token <token>  (or set ORCH_TOKEN)'];
  const hosts = body.details?.['hosts'];
  if (!Array.isArray(hosts) || hosts.length === 0) return [];
  return [
    'hosts using it:',
    ...hosts.map((host: { resourceId?: string; name?: string }) =>
      host.name ? `  ${host.resourceId} (${host.name})` : `  ${String(host.resourceId)}`,
    ),
  ];
}

/** Reads an error answer; a body that is not orchd's error shape still gives a useful message. */
export function toApiError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    if (typeof body.code === 'string' && typeof body.message === 'string') {
      return new ApiError(status, body as ApiErrorBody);
    }
  } catch {
    // not JSON: fall through to the generic message
  }
  return new ApiError(status, { code: 'HTTP_STATUS', message: `orchd answered HTTP ${status}` });
}
