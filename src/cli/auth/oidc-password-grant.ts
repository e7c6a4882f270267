import { CliError, EXIT } from '../cli-error.js';
import type { HttpTransport } from '../api-client/http-transport.js';

/** What the password grant needs. */
export interface PasswordGrantRequest {
  /** The issuer URL, e.g. https://keycloak.example.com/realms/master. */
  readonly issuer: string;
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
}

const unreachable = (message: string) => new CliError(message, EXIT.unreachable);

async function fetchJson(
  transport: HttpTransport,
  method: string,
  url: URL,
  body?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  let response;
  try {
    response = await transport(method, url, headers, body);
  } catch (error) {
    throw unreachable(`cannot reach the OIDC issuer at ${url.origin}: ${(error as Error).message}`);
  }
  try {
    return { status: response.status, json: JSON.parse(response.text) as Record<string, unknown> };
  } catch {
    throw unreachable(`the OIDC issuer answered ${url.href} with HTTP ${response.status} and no JSON`);
  }
}

/**
 * OAuth 2.0 resource owner password grant (RFC 6749 §4.3) against the issuer's token endpoint,
 * found through OpenID discovery (`<issuer>/.well-known/openid-configuration`). Returns the
 * access token. A refusal by the issuer exits 3 with its `error_description`.
 */
export async function passwordGrant(
  transport: HttpTransport,
  request: PasswordGrantRequest,
): Promise<string> {
  let discovery: URL;
  try {
    discovery = new URL(`${request.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  } catch {
    throw new CliError(`--oidc-issuer "${request.issuer}" is not a URL`, EXIT.usage);
  }
  const meta = await fetchJson(transport, 'GET', discovery);
  const endpoint = meta.json['token_endpoint'];
  if (meta.status !== 200 || typeof endpoint !== 'string') {
    throw unreachable(`${discovery.href} did not name a token_endpoint (HTTP ${meta.status})`);
  }
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: request.clientId,
    username: request.username,
    password: request.password,
    scope: 'openid',
  });
  const answer = await fetchJson(transport, 'POST', new URL(endpoint), form.toString());
  const token = answer.json['access_token'];
  if (answer.status !== 200 || typeof token !== 'string') {
    const reason = answer.json['error_description'] ?? answer.json['error'] ?? `HTTP ${answer.status}`;
    throw unreachable(`the OIDC issuer refused the login: ${String(reason)}`);
  }
  return token;
}
