import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** A minimal OIDC issuer on loopback: discovery, JWKS and a password-grant token endpoint. */
export interface PasswordGrantIssuer {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** The token requests received (form fields). */
  readonly requests: readonly Record<string, string>[];
  close(): Promise<void>;
}

/**
 * Starts the issuer. `users` maps user names to passwords; a good login gets an RS256 JWT with
 * `preferred_username` and Keycloak's `realm_access.roles` = `roles`.
 */
export async function startPasswordGrantIssuer(
  users: Readonly<Record<string, string>>,
  roles: readonly string[],
): Promise<PasswordGrantIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const requests: Record<string, string>[] = [];
  let issuer = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const send = (status: number, body: unknown) => res.writeHead(status).end(JSON.stringify(body));
    if (req.url === '/realms/edge/.well-known/openid-configuration') {
      return send(200, { issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/certs` });
    }
    if (req.url === '/realms/edge/certs') return send(200, { keys: [jwk] });
    if (req.url !== '/realms/edge/token' || req.method !== 'POST') return send(404, { error: 'not_found' });
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(text));
      requests.push(form);
      const user = form['username'] ?? '';
      if (
        form['grant_type'] !== 'password' ||
        users[user] === undefined ||
        users[user] !== form['password']
      ) {
        return send(401, { error: 'invalid_grant', error_description: 'Invalid user credentials' });
      }
      void new SignJWT({ preferred_username: user, realm_access: { roles: [...roles] } })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey)
        .then((token) => send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/edge`;
  return {
    issuer,
    jwksUrl: `${issuer}/certs`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
