import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalOidc } from '../../server/support/local-oidc.js';

/** A stand-in OIDC issuer with discovery, an authorize endpoint that consents at once, and a token endpoint checking PKCE. */
export interface BrowserOidcIssuer {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** The authorize requests seen (their query parameters). */
  readonly authorizations: URLSearchParams[];
  /** The token requests seen (their form bodies). */
  readonly tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Starts the issuer on loopback; its access tokens carry `realmRoles` for `subject`. */
export async function startBrowserOidcIssuer(
  subject: string,
  realmRoles: string[],
): Promise<BrowserOidcIssuer> {
  const keys = await startLocalOidc(() => Math.floor(Date.now() / 1000));
  const authorizations: URLSearchParams[] = [];
  const tokenRequests: URLSearchParams[] = [];
  const codes = new Map<string, { challenge: string; clientId: string; redirectUri: string }>();
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    res.setHeader('access-control-allow-origin', '*');
    if (url.pathname === '/realms/edge/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        issuer: `${base}/realms/edge`,
        authorization_endpoint: `${base}/realms/edge/auth`,
        token_endpoint: `${base}/realms/edge/token`,
        jwks_uri: keys.jwksUrl,
      })); // prettier-ignore
      return;
    }
    if (url.pathname === '/realms/edge/auth') {
      authorizations.push(url.searchParams);
      const code = `code-${authorizations.length}`;
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      codes.set(code, {
        challenge: url.searchParams.get('code_challenge') ?? '',
        clientId: url.searchParams.get('client_id') ?? '',
        redirectUri,
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/realms/edge/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        res.setHeader('content-type', 'application/json');
        const ok =
          grant &&
          grant.clientId === form.get('client_id') &&
          grant.redirectUri === form.get('redirect_uri') &&
          grant.challenge === s256(form.get('code_verifier') ?? '');
        if (!ok) {
          res.statusCode = 400;
          res.end(
            JSON.stringify({
              error: 'invalid_grant',
              error_description: 'code or PKCE verifier not accepted',
            }),
          );
          return;
        }
        void keys
          .sign(
            { sub: subject, preferred_username: subject, realm_access: { roles: realmRoles } },
            { issuer: `${base}/realms/edge` },
          )
          .then((token) =>
            res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 })),
          );
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: `${base}/realms/edge`,
    jwksUrl: keys.jwksUrl,
    authorizations,
    tokenRequests,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await keys.close();
    },
  };
}
