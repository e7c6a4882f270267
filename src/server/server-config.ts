import type { StreamLimits } from './events/stream-guard.js';

/**
 * What orchd's HTTP app needs to know besides its store: where relative EMT image paths point,
 * how large a request body may be, and the optional OIDC issuer whose JWTs it accepts.
 */
export interface ServerConfig {
  /**
   * Base URL of the Release Service file server; relative `imageUrl`s (the EMT defaults) resolve
   * against it. Default {@link DEFAULT_RELEASE_SERVICE_URL}.
   */
  readonly releaseServiceUrl: string;
  /** Largest accepted request body in bytes. Default {@link DEFAULT_BODY_LIMIT}. */
  readonly bodyLimit?: number;
  /** When set, bearer JWTs from this issuer are accepted beside orchd's own tokens. */
  readonly oidc?: OidcConfig;
  /**
   * orchd's URL as edge nodes reach it (written into each node's agent configuration); read when
   * a plan is snapshotted. Default {@link DEFAULT_ORCHESTRATOR_URL} (tests).
   */
  readonly orchestratorUrl?: () => string;
  /** PEM of the CA nodes trust orchd by (orchd's TLS certificate chain); '' or absent: system roots. */
  readonly orchestratorCaPem?: string;
  /**
   * sha256 (hex) of the token `/metrics` asks for. When set, a scrape must send it as a bearer
   * token and metrics carry project names; when absent, `/metrics` is open and carries none.
   */
  readonly metricsTokenSha256?: string;
  /** Caps on open event streams and how often their callers are authorised again. */
  readonly streamLimits?: Partial<StreamLimits>;
}

/** The agent URL of an app built without one (tests that never boot a node). */
export const DEFAULT_ORCHESTRATOR_URL = 'https://orchd.invalid';

/** An OIDC issuer (e.g. a Keycloak realm) and the URL of its signing keys. */
export interface OidcConfig {
  /** Must equal the `iss` claim of every accepted JWT. */
  readonly issuer: string;
  /** JWKS document with the issuer's public keys (fetched and cached by jose). */
  readonly jwksUrl: string;
  /** Expected `aud` claim; not checked when absent (Keycloak puts `account` there by default). */
  readonly audience?: string;
  /**
   * The public OIDC client the web console signs in with (authorization code + PKCE, redirect to
   * `<orchd>/sign-in/callback`); absent: the console offers token sign-in only.
   */
  readonly consoleClientId?: string;
}

/** EMF's public Release Service file server, where the EMT default images live (a core rule). */
export { DEFAULT_RELEASE_SERVICE_URL } from '../core/os-profile/image-url.js';

/** 1 MiB: a profile with a handful of PEM certificates is a few KiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
