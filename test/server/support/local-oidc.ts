import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';

/** A local OIDC issuer: a generated RSA key pair and its JWKS served on loopback. */
export interface LocalOidc {
  readonly issuer: string;
  readonly jwksUrl: string;
  /**
   * Signs a JWT with the issuer's key (or `key`), issuer and a one-hour expiry unless overridden
   * (`expiresAt: null`: no `exp` claim at all).
   */
  sign(
    claims: JWTPayload,
    options?: { key?: CryptoKey; issuer?: string; expiresAt?: number | null; audience?: string },
  ): Promise<string>;
  /** A key pair the issuer does not publish, to forge signatures with. */
  readonly strangerKey: CryptoKey;
  close(): Promise<void>;
}

/** Starts the issuer; `now` is the time `iat`/`exp` are counted from (seconds). */
export async function startLocalOidc(now: () => number): Promise<LocalOidc> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/realms/edge`;
  return {
    issuer,
    jwksUrl: `${base}/realms/edge/protocol/openid-connect/certs`,
    strangerKey: stranger.privateKey,
    sign: (claims, options = {}) => {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(options.issuer ?? issuer)
        .setIssuedAt(now());
      if (options.expiresAt !== null) jwt.setExpirationTime(options.expiresAt ?? now() + 3600);
      if (options.audience) jwt.setAudience(options.audience);
      return jwt.sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
