/**
 * @module
 * OIDC sign-in for the console: authorization code with PKCE (RFC 7636, S256) against the issuer
 * orchd trusts. The verifier and state wait in sessionStorage during the redirect; the access
 * token it yields becomes the session's bearer token (sessionStorage only, as a pasted one).
 * The code and state leave the address bar as soon as the callback page has read them.
 */

/** What orchd says of its issuer (`GET /v1/console/config`). */
export interface OidcClientConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

/** The pending sign-in kept across the redirect. */
interface PendingLogin {
  readonly state: string;
  readonly verifier: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

const PENDING_KEY = 'edge-orch.oidc-pending';

/** Base64url without padding (RFC 4648 §5), as PKCE and state use it. */
export function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 challenge of a verifier: base64url(sha256(ascii(verifier))). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

const randomText = (bytes: number) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

/** The issuer's endpoints from its discovery document. */
async function discover(issuer: string, doFetch: typeof fetch) {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await doFetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok)
    throw new Error(`the OIDC issuer's discovery document answered HTTP ${response.status} (${url})`);
  const doc = (await response.json()) as { authorization_endpoint?: string; token_endpoint?: string };
  if (!doc.authorization_endpoint || !doc.token_endpoint) {
    throw new Error(`the OIDC issuer's discovery document names no authorization or token endpoint (${url})`);
  }
  return { authorize: doc.authorization_endpoint, token: doc.token_endpoint };
}

/**
 * Starts a sign-in: discovers the issuer, keeps a fresh verifier and state for the callback, and
 * returns the authorization URL to send the browser to.
 */
export async function beginOidcLogin(
  config: OidcClientConfig,
  options: { readonly origin: string; readonly storage: Storage; readonly fetch: typeof fetch },
): Promise<string> {
  const endpoints = await discover(config.issuer, options.fetch);
  const pending: PendingLogin = {
    state: randomText(16),
    verifier: randomText(32),
    tokenEndpoint: endpoints.token,
    clientId: config.clientId,
    redirectUri: `${options.origin}/sign-in/callback`,
  };
  options.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(endpoints.authorize);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.scope,
    state: pending.state,
    code_challenge: await pkceChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/**
 * Ends a sign-in on the callback page: checks the state, trades the code and the verifier for an
 * access token at the token endpoint, and forgets the pending entry whatever happens.
 */
export async function finishOidcLogin(
  search: string,
  options: { readonly storage: Storage; readonly fetch: typeof fetch },
): Promise<string> {
  const params = new URLSearchParams(search);
  const raw = options.storage.getItem(PENDING_KEY);
  options.storage.removeItem(PENDING_KEY);
  const error = params.get('error');
  if (error)
    throw new Error(`the OIDC issuer refused the sign-in: ${params.get('error_description') ?? error}`);
  const pending = raw ? (JSON.parse(raw) as PendingLogin) : undefined;
  if (!pending) throw new Error('no sign-in was started in this tab: start again from the sign-in page');
  if (params.get('state') !== pending.state)
    throw new Error('the sign-in answer does not match the one started (state): start again');
  const code = params.get('code');
  if (!code) throw new Error('the OIDC issuer sent no authorization code');
  const response = await options.fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new Error(
      `the OIDC token endpoint refused the code: ${body.error_description ?? body.error ?? `HTTP ${response.status}`}`,
    );
  }
  return body.access_token;
}
