/**
 * orchd's composition root: opens the store, builds the app with its real parts (validator,
 * scratch folder, logger, TLS) and runs the work behind `orchd serve | migrate | token create`.
 * The command line (command-line/orchd-program.ts) only parses flags and calls these.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { openStore, parseStoreUrl, type ProjectRole, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { issueToken } from './auth/issue-token.js';
import { ensureDefaultProject } from './bootstrap/first-start.js';
import { parseListenAddress } from './bootstrap/listen-address.js';
import { checkPublicUrl, derivePublicUrl, pemCertificates } from './bootstrap/public-endpoint.js';
import { projectSeeder } from './projects/project-seeder.js';
import type { OidcConfig } from './server-config.js';
import type { StreamLimits } from './events/stream-guard.js';
import {
  createScratchBudget,
  destinationPolicy,
  originSourceWith,
  sweepScratchLeftovers,
  validateImage,
  type PipelineLimits,
  type DestinationPolicy,
  type DestinationRules,
  type ImageSourceRequest,
} from '../image/index.js';
import {
  DEFAULT_DRY_RUNS_PER_PROJECT,
  DEFAULT_VALIDATION_CONCURRENCY,
  defaultPerProjectConcurrency,
} from './validation/validation-options.js';
import { defaultWebRoot } from './web/web-console.js';

/**
 * `/var/tmp/orchd-scratch`: where validation writes its sparse scratch copies of images. Not the
 * database's folder (./data): a tenant's image filling scratch must not stop the database; the
 * free-space floor guards the case where both share a filesystem anyway.
 */
export const DEFAULT_SCRATCH_DIR = '/var/tmp/orchd-scratch';

const GIB = 1024 ** 3;

/**
 * Limits of every validation download. The hosted cap fits any OS image people publish; the
 * decoded cap is the largest disk edge-orch provisions; the deadline and the rate fit a 10 GiB
 * image on a slow WAN link (10 Mbit/s takes about 2.3 h), and a server dripping bytes fails after
 * one 5-minute window.
 */
export const DEFAULT_VALIDATION_LIMITS = Object.freeze({
  maxHostedBytes: 64 * GIB,
  maxImageBytes: 2048 * GIB,
  deadlineMs: 6 * 3600_000,
  minRate: Object.freeze({ bytesPerSecond: 64 * 1024, windowMs: 5 * 60_000 }),
});

/** Scratch bytes all running validations of one orchd may hold, and the free space it keeps. */
export const DEFAULT_SCRATCH_BUDGET_BYTES = 64 * GIB;
export const DEFAULT_SCRATCH_FREE_FLOOR_BYTES = 2 * GIB;

/** `./data/orch.db`: the embedded SQLite store used when no database is named. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/orch.db';

/** Options of `orchd serve`. */
export interface ServeOptions {
  readonly listen: string;
  readonly database: string;
  readonly releaseServiceUrl: string;
  readonly oidc?: OidcConfig;
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
  /**
   * PEM of the CA nodes trust orchd by, written into their user-data; default the certificates of
   * {@link tlsCertFile} (enough for a self-signed certificate). Plain HTTP: none.
   */
  readonly tlsCaFile?: string;
  /**
   * orchd's URL as nodes reach it (plans and user-data); default the listen address and port, with
   * the first external interface address when listening on all of them.
   */
  readonly publicUrl?: string;
  /** Validation jobs run at once in this process. Default 2. */
  readonly validationConcurrency?: number;
  /** Validation jobs one project may run at once (all replicas). Default: concurrency - 1, at least 1. */
  readonly validationPerProject?: number;
  /** Image dry runs one project may run at once (all replicas). Default 1. */
  readonly dryRunsPerProject?: number;
  /** Image dry runs at once in all (all replicas). Default: each replica's validation concurrency only. */
  readonly dryRunsTotal?: number;
  /** Folder for validation's scratch copies of images (created). Default {@link DEFAULT_SCRATCH_DIR}. */
  readonly scratchDir?: string;
  /** Names this replica in job leases; default `<host name>/<listen address>`. */
  readonly instanceId?: string;
  /**
   * Where validation may fetch images from (tenants choose the URLs): built-in denials of
   * loopback, link-local, unspecified and multicast addresses plus these rules; orchd's own
   * listen endpoints are always refused.
   */
  readonly destinations?: DestinationRules;
  /**
   * A file holding the token `/metrics` asks for (kept out of `ps`); orchd keeps its sha256. With
   * it, metrics name projects; without it, `/metrics` is open and names none.
   */
  readonly metricsTokenFile?: string;
  /** Caps, deadline and rate of validation downloads; absent fields take {@link DEFAULT_VALIDATION_LIMITS}. */
  readonly validationLimits?: Partial<PipelineLimits>;
  /** Scratch bytes all running validations may hold; default {@link DEFAULT_SCRATCH_BUDGET_BYTES}. */
  readonly scratchBudgetBytes?: number;
  /** Free bytes the scratch filesystem keeps; default {@link DEFAULT_SCRATCH_FREE_FLOOR_BYTES}. */
  readonly scratchFreeFloorBytes?: number;
  /** Caps on open event streams (per principal, in all); absent fields take the defaults. */
  readonly streamLimits?: Partial<StreamLimits>;
  /** The web console's build folder; default `dist/web` of this installation. */
  readonly webRoot?: string;
  /** Where the first admin token is printed (stdout); separate from the JSON log. */
  readonly print: (text: string) => void;
  /**
   * When set, the first admin token is not printed but written to this file (mode 0600, its
   * folder created) and the file's path is logged: orchd's stdout is not a terminal (a log
   * collector, a journal), where a secret must not land.
   */
  readonly firstTokenFile?: string;
  readonly logger?: Logger;
}

/** A running orchd: its address and how to stop it. */
export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * orchd's JSON logger (level from ORCH_LOG_LEVEL, default info; stdout unless `destination`).
 * Request lines carry method, URL and request id, never headers; an Authorization header that
 * reaches a log line anyway is redacted.
 */
export function createLogger(
  level = process.env['ORCH_LOG_LEVEL'] ?? 'info',
  destination?: { write(line: string): void },
): Logger {
  const options = {
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Opens and migrates the store; for SQLite the file's folder is created first. */
export async function openMigratedStore(url: string): Promise<Store> {
  return (await openAndMigrate(url)).store;
}

async function openAndMigrate(url: string): Promise<{ store: Store; applied: readonly string[] }> {
  const sqlitePath = sqliteFileOf(url);
  if (sqlitePath) mkdirSync(dirname(sqlitePath), { recursive: true });
  const store = await openStore({ url });
  try {
    return { store, applied: await store.migrateToLatest() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * `orchd serve`: migrates, makes sure project `default` and its default profiles exist, prints
 * the first admin token on the first start only, and listens (HTTPS when a certificate is given).
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const address = parseListenAddress(options.listen);
  const https = await loadTls(options.tlsCertFile, options.tlsKeyFile);
  const explicitUrl = options.publicUrl === undefined ? undefined : checkPublicUrl(options.publicUrl);
  const orchestratorCaPem = await nodeTrustPem(options.tlsCaFile, https?.cert);
  const store = await openMigratedStore(options.database);
  const metricsTokenSha256 = options.metricsTokenFile
    ? await metricsTokenHash(options.metricsTokenFile)
    : undefined;
  const publicUrlAt = (port: number) =>
    explicitUrl ??
    derivePublicUrl({
      host: address.host,
      port,
      https: Boolean(https),
      interfaces: Object.values(networkInterfaces()).flatMap((list) => list ?? []),
      hostName: hostname(),
    });
  // Re-made once the port is known (port 0 picks one at listen); plans read it when snapshotted.
  let publicUrl = publicUrlAt(address.port);
  const config = {
    releaseServiceUrl: options.releaseServiceUrl,
    orchestratorUrl: () => publicUrl,
    orchestratorCaPem,
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...(metricsTokenSha256 ? { metricsTokenSha256 } : {}),
    ...(options.streamLimits ? { streamLimits: options.streamLimits } : {}),
  };
  try {
    const start = await ensureDefaultProject(
      store,
      projectSeeder(store, config.releaseServiceUrl),
      new Date(),
    );
    if (start.adminSecret) {
      const banner = firstTokenBanner(start.adminSecret, address.port, Boolean(https));
      if (options.firstTokenFile) {
        await writeSecretFile(options.firstTokenFile, banner.trimStart());
        logger.warn(
          { tokenFile: options.firstTokenFile },
          'first start: the admin token was written to this file (mode 0600), not to the log; read it, then delete the file',
        );
      } else options.print(banner);
    }
    if (!https && !isLoopbackHost(address.host)) {
      logger.warn(
        { listen: options.listen },
        'orchd serves plain HTTP on a non-loopback address: bearer tokens cross the network unencrypted; give --tls-cert/--tls-key',
      );
    }
    const rules = options.destinations ?? {};
    // Re-made once the port is known (port 0 picks one at listen): orchd never fetches from itself.
    let policy = destinationPolicy({ ...rules, ownEndpoints: ownEndpoints(address.host, address.port) });
    const validation = validationSettings(options, () => policy);
    const swept = await sweepScratchLeftovers(validation.scratchDir, validation.scratchOwner);
    if (swept > 0)
      logger.info(
        { scratchDir: validation.scratchDir, files: swept },
        'removed scratch files a previous run left',
      );
    const webRoot = options.webRoot ?? defaultWebRoot();
    const app = await buildApp({ store, config, logger, validation, webRoot, ...(https ? { https } : {}) });
    await app.listen({ host: address.host, port: address.port });
    const port = (app.server.address() as { port: number }).port;
    policy = destinationPolicy({ ...rules, ownEndpoints: ownEndpoints(address.host, port) });
    publicUrl = publicUrlAt(port);
    const url = `${https ? 'https' : 'http'}://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`;
    logger.info(
      {
        url,
        publicUrl,
        nodeCa: orchestratorCaPem ? 'given' : 'none',
        database: store.dialect,
        profilesSeeded: start.profilesSeeded,
      },
      'orchd listening',
    );
    return { url, app, close: async () => void (await app.close(), await store.close()) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Validation as `serve` runs it: the real validateImage, the scratch folder (created by the first
 * job that needs it), and an instance id that stays the same when this replica restarts (so it re-queues its own leftovers).
 */
function validationSettings(options: ServeOptions, policy: () => DestinationPolicy) {
  const instanceId = options.instanceId ?? `${hostname()}/${options.listen}`;
  const concurrency = options.validationConcurrency ?? DEFAULT_VALIDATION_CONCURRENCY;
  return {
    validate: validateImage,
    limits: { ...DEFAULT_VALIDATION_LIMITS, ...options.validationLimits },
    scratchBudget: createScratchBudget({
      maxBytes: options.scratchBudgetBytes ?? DEFAULT_SCRATCH_BUDGET_BYTES,
      freeFloorBytes: options.scratchFreeFloorBytes ?? DEFAULT_SCRATCH_FREE_FLOOR_BYTES,
    }),
    scratchOwner: scratchOwnerOf(instanceId),
    openSource: (request: ImageSourceRequest) => originSourceWith({ destinationPolicy: policy() })(request),
    scratchDir: options.scratchDir ?? DEFAULT_SCRATCH_DIR,
    concurrency,
    perProjectConcurrency: options.validationPerProject ?? defaultPerProjectConcurrency(concurrency),
    perProjectDryRuns: options.dryRunsPerProject ?? DEFAULT_DRY_RUNS_PER_PROJECT,
    ...(options.dryRunsTotal === undefined ? {} : { totalDryRuns: options.dryRunsTotal }),
    instanceId,
  };
}

/** sha256 of the token in `file` (surrounding blanks dropped); an empty file stops the start. */
async function metricsTokenHash(file: string): Promise<string> {
  const token = (await readFile(file, 'utf8')).trim();
  if (!/^\S{16,}$/.test(token))
    throw new Error(`${file} must hold one metrics token of at least 16 characters`);
  return createHash('sha256').update(token).digest('hex');
}

/** The short tag of a replica in its scratch file names: stable across its restarts. */
function scratchOwnerOf(instanceId: string): string {
  return createHash('sha256').update(instanceId).digest('hex').slice(0, 8);
}

/**
 * The endpoints orchd answers on: the listen address, or every interface address when it listens
 * on all of them (0.0.0.0 or ::).
 */
function ownEndpoints(host: string, port: number): { address: string; port: number }[] {
  if (host !== '0.0.0.0' && host !== '::') return [{ address: host, port }];
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return [...addresses, '127.0.0.1', '::1'].map((address) => ({ address, port }));
}

/** Writes `text` to `file` readable by its owner only (folder created; an existing file replaced). */
async function writeSecretFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await rm(file, { force: true });
  await writeFile(file, text, { mode: 0o600, flag: 'wx' });
}

/** True for an address only this host can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The folder orchd keeps its files in: the SQLite file's folder, else `./data` (PostgreSQL).
 * The first admin token's file goes there when stdout is not a terminal.
 */
export function dataDirOf(database: string): string {
  const sqlitePath = sqliteFileOf(database);
  return sqlitePath ? dirname(sqlitePath) : './data';
}

/** `orchd migrate`: applies pending migrations and returns their names. */
export async function migrate(database: string): Promise<readonly string[]> {
  const { store, applied } = await openAndMigrate(database);
  await store.close();
  return applied;
}

/** What `orchd token create` grants. */
export interface TokenCreateOptions {
  readonly database: string;
  readonly name: string;
  readonly admin: boolean;
  readonly project?: string;
  readonly role?: ProjectRole;
  readonly expiresIn?: string;
}

/** `orchd token create`: issues a token directly in the database (the recovery path). */
export async function createTokenOnHost(
  options: TokenCreateOptions,
): Promise<{ id: string; secret: string }> {
  const store = await openMigratedStore(options.database);
  try {
    const roles = options.project ? [{ project: options.project, role: options.role ?? 'read' }] : [];
    const { token, secret } = await issueToken(store.tokens, {
      name: options.name,
      admin: options.admin,
      roles,
      expiresIn: options.expiresIn,
      now: new Date(),
    });
    return { id: token.id, secret };
  } finally {
    await store.close();
  }
}

/** The once-only message with the first admin token and how to use it. */
export function firstTokenBanner(secret: string, port: number, https: boolean): string {
  const base = `${https ? 'https' : 'http'}://127.0.0.1:${port}`;
  return [
    '',
    'orchd: first start. An admin token was created; it is shown only now (only its hash is stored):',
    '',
    `  export ORCH_TOKEN=${secret}`,
    `  curl -H "Authorization: Bearer $ORCH_TOKEN" ${base}/v1/whoami`,
    '',
    `The web console is at ${base}/ (sign in with the same token).`,
    '',
    'Lost it? On this host: orchd token create --admin',
    '',
  ].join('\n');
}

/**
 * The CA PEM written into nodes' user-data: `--tls-ca` when given, else the certificates orchd
 * serves (its chain; a self-signed certificate is its own anchor), '' over plain HTTP.
 */
async function nodeTrustPem(caFile: string | undefined, servedCert: Buffer | undefined): Promise<string> {
  const text = caFile ? await readFile(caFile, 'utf8') : (servedCert?.toString('utf8') ?? '');
  const pem = pemCertificates(text);
  if (caFile && pem === '') throw new Error(`${caFile} holds no PEM certificate`);
  return pem;
}

async function loadTls(cert?: string, key?: string): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new Error('--tls-cert and --tls-key must be given together');
  return { cert: await readFile(cert), key: await readFile(key) };
}

function sqliteFileOf(url: string): string | undefined {
  const location = parseStoreUrl(url);
  return location.kind === 'sqlite' && location.path !== ':memory:' ? location.path : undefined;
}
