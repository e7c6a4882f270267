import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Logger } from 'pino';
import { parseCidr, type DestinationRules, type PipelineLimits } from '../../image/index.js';
import { DEFAULT_RELEASE_SERVICE_URL } from '../server-config.js';
import { ensureAutoTls } from '../bootstrap/auto-tls.js';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_SCRATCH_DIR,
  createLogger,
  createTokenOnHost,
  dataDirOf,
  migrate,
  serve,
  type RunningServer,
} from '../compose-orchd.js';

/** Where the commands write; the real process passes its stdout and its signal hooks. */
export interface OrchdProgramIo {
  readonly stdout: (text: string) => void;
  /** Called with the running server so the process can stop it on SIGINT/SIGTERM. */
  readonly onServing?: (server: RunningServer) => void;
  /** The JSON logger of `serve`; default pino on stdout at ORCH_LOG_LEVEL (info). */
  readonly logger?: Logger;
  /**
   * False when stdout is not a terminal: the first admin token then goes to a 0600 file in the
   * data folder (its path logged) instead of stdout. Default true (in-process callers).
   */
  readonly stdoutIsTty?: boolean;
}

const SERVE_EXAMPLES = `
Examples:
  orchd serve                                    # SQLite in ./data/orch.db, 127.0.0.1:8080
  orchd serve --listen 127.0.0.1:9090 --database postgres://orch@db:5432/orch
  ORCH_DATABASE_URL=postgres://orch@db/orch orchd
  orchd serve --tls-cert server.pem --tls-key server-key.pem
  orchd serve --tls auto                         # self-signed, kept in ./data/tls, 0.0.0.0:8080
  orchd serve --oidc-issuer https://kc.example/realms/edge \\
              --oidc-jwks-url https://kc.example/realms/edge/protocol/openid-connect/certs
  orchd serve --image-allow-cidrs 10.20.0.0/16 --image-allow-ports 443,8443   # images only there
  orchd serve --image-deny-private --image-allow-hosts '*.images.example.com'

Image URLs are chosen by tenants: orchd never fetches from loopback, link-local (cloud metadata),
unspecified or multicast addresses, nor from itself, unless --image-allow-cidrs names them.

The first start prints an admin token once to a terminal; when stdout is not one, it writes the
token to data/first-admin-token (mode 0600) and logs that path. Later starts print nothing secret.
Without --tls-cert orchd listens on 127.0.0.1 only, and warns when told to listen elsewhere.`;

const MIGRATE_EXAMPLES = `
Examples:
  orchd migrate
  orchd migrate --database postgres://orch@db:5432/orch`;

const TOKEN_EXAMPLES = `
Examples:
  orchd token create --admin --name recovery
  orchd token create --project default --role write --name ci --expires-in 30d
  ORCH_DATABASE_URL=postgres://orch@db/orch orchd token create --admin`;

const databaseOption = () =>
  new Option('--database <url>', 'SQLite file (sqlite:PATH or PATH) or postgres://... URL')
    .env('ORCH_DATABASE_URL')
    .default(DEFAULT_DATABASE_URL);

/**
 * The `orchd` command line (serve, the default; migrate; token create), built fresh for each use
 * so tests can run it in-process. Actions only parse and delegate to compose-orchd.ts (the composition root).
 */
export function buildOrchdProgram(io: OrchdProgramIo): Command {
  const program = new Command('orchd')
    .description('edge-orch orchestrator: OS profile API, projects and tokens over SQLite or PostgreSQL.')
    .showHelpAfterError();
  addServe(program, io);
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .addOption(databaseOption())
    .addHelpText('after', MIGRATE_EXAMPLES)
    .action(async (o: { database: string }) => {
      const applied = await migrate(o.database);
      io.stdout(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    });
  addTokenCreate(program, io);
  return program;
}

function addServe(program: Command, io: OrchdProgramIo): void {
  const env = (flags: string, description: string, name: string) => new Option(flags, description).env(name);
  const size = (flags: string, description: string, name: string) =>
    env(flags, description, name).argParser(sizeFlag);
  program
    .command('serve', { isDefault: true })
    .description('migrate the database, seed project "default" and serve the API (the default command)')
    .addOption(
      env(
        '--listen <addr>',
        'HOST:PORT, [IPv6]:PORT or PORT (default 127.0.0.1:8080 without TLS, 0.0.0.0:8080 with)',
        'ORCH_LISTEN',
      ),
    )
    .addOption(databaseOption())
    .addOption(
      env(
        '--release-service-url <url>',
        'base URL for relative image paths',
        'ORCH_RELEASE_SERVICE_URL',
      ).default(DEFAULT_RELEASE_SERVICE_URL),
    )
    .addOption(env('--oidc-issuer <url>', 'accept JWTs from this issuer', 'ORCH_OIDC_ISSUER'))
    .addOption(env('--oidc-jwks-url <url>', "the issuer's JWKS URL", 'ORCH_OIDC_JWKS_URL'))
    .addOption(
      env('--oidc-audience <aud>', "required 'aud' claim (EMF's Keycloak client id)", 'ORCH_OIDC_AUDIENCE'),
    )
    .addOption(
      env(
        '--oidc-console-client-id <id>',
        "the issuer's public client the web console signs in with (code + PKCE)",
        'ORCH_OIDC_CONSOLE_CLIENT_ID',
      ),
    )
    .addOption(env('--tls-cert <file>', 'PEM certificate chain: serve HTTPS', 'ORCH_TLS_CERT'))
    .addOption(env('--tls-key <file>', 'PEM private key of --tls-cert', 'ORCH_TLS_KEY'))
    .addOption(
      env(
        '--tls <mode>',
        "'auto': a self-signed certificate made on first start in <data>/tls (fingerprint logged)",
        'ORCH_TLS',
      ).choices(['auto']),
    )
    .addOption(
      env(
        '--tls-ca <file>',
        "PEM CA nodes trust orchd by, put into their user-data (default: --tls-cert's certificates)",
        'ORCH_TLS_CA',
      ),
    )
    .addOption(
      env(
        '--public-url <url>',
        'URL nodes reach orchd at, written into plans (default: from --listen and the port)',
        'ORCH_PUBLIC_URL',
      ),
    )
    .addOption(
      env(
        '--validation-concurrency <n>',
        'validation jobs this replica runs at once, and the most image dry runs it runs at once',
        'ORCH_VALIDATION_CONCURRENCY',
      )
        .default('2')
        .argParser(positiveInteger),
    )
    .addOption(
      env(
        '--validation-per-project <n>',
        'validations one project may run at once (default: concurrency - 1, at least 1)',
        'ORCH_VALIDATION_PER_PROJECT',
      ).argParser(positiveInteger),
    )
    .addOption(
      env(
        '--dry-runs-per-project <n>',
        'image dry runs one project may run at once, every replica counted (default 1)',
        'ORCH_DRY_RUNS_PER_PROJECT',
      ).argParser(positiveInteger),
    )
    .addOption(
      env(
        '--dry-runs-total <n>',
        "image dry runs at once in all, every replica counted (default: no cap beyond each replica's --validation-concurrency)",
        'ORCH_DRY_RUNS_TOTAL',
      ).argParser(positiveInteger),
    )
    .addOption(
      env('--scratch-dir <dir>', "folder for validation's sparse image copies", 'ORCH_SCRATCH_DIR').default(
        DEFAULT_SCRATCH_DIR,
      ),
    )
    .addOption(
      env('--instance-id <id>', 'names this replica in job leases (default host/listen)', 'ORCH_INSTANCE_ID'),
    )
    .addOption(
      env(
        '--image-allow-cidrs <list>',
        'only fetch images from these CIDRs (comma-separated)',
        'ORCH_IMAGE_ALLOW_CIDRS',
      ).argParser(cidrList),
    )
    .addOption(
      env(
        '--image-deny-cidrs <list>',
        'never fetch images from these CIDRs',
        'ORCH_IMAGE_DENY_CIDRS',
      ).argParser(cidrList),
    )
    .addOption(
      env(
        '--image-allow-hosts <list>',
        'only these image hosts (name or *.domain)',
        'ORCH_IMAGE_ALLOW_HOSTS',
      ),
    )
    .addOption(
      env('--image-allow-ports <list>', 'only these image server ports', 'ORCH_IMAGE_ALLOW_PORTS').argParser(
        portList,
      ),
    )
    .addOption(
      env(
        '--image-deny-private',
        'also refuse private ranges (RFC 1918, fc00::/7)',
        'ORCH_IMAGE_DENY_PRIVATE',
      ),
    )
    .addOption(
      size(
        '--image-max-hosted-size <size>',
        'largest hosted image file (default 64G)',
        'ORCH_IMAGE_MAX_HOSTED_SIZE',
      ),
    )
    .addOption(size('--image-max-size <size>', 'largest decoded image (default 2T)', 'ORCH_IMAGE_MAX_SIZE'))
    .addOption(
      env(
        '--validation-deadline <time>',
        'a validation download ends within (default 6h)',
        'ORCH_VALIDATION_DEADLINE',
      ).argParser(durationFlag),
    )
    .addOption(
      size(
        '--validation-min-rate <size>',
        'bytes/s kept over every 5 minutes (default 64K)',
        'ORCH_VALIDATION_MIN_RATE',
      ),
    )
    .addOption(
      size(
        '--scratch-budget <size>',
        'scratch all running validations may hold (default 64G)',
        'ORCH_SCRATCH_BUDGET',
      ),
    )
    .addOption(
      size(
        '--scratch-free-floor <size>',
        'free space the scratch filesystem keeps (default 2G)',
        'ORCH_SCRATCH_FREE_FLOOR',
      ),
    )
    .addOption(
      env(
        '--streams-per-principal <n>',
        'event streams one token may hold open (default 16)',
        'ORCH_STREAMS_PER_PRINCIPAL',
      ).argParser(streamCount),
    )
    .addOption(
      env('--streams-max <n>', 'event streams open in all (default 1000)', 'ORCH_STREAMS_MAX').argParser(
        streamCount,
      ),
    )
    .addOption(
      env(
        '--metrics-token-file <file>',
        '/metrics asks for the token in this file',
        'ORCH_METRICS_TOKEN_FILE',
      ),
    )
    .addHelpText('after', SERVE_EXAMPLES)
    .action(async (o: Record<string, string | undefined>) => {
      const { oidcIssuer: issuer, oidcJwksUrl: jwksUrl } = o;
      let { tlsCert, tlsKey } = o;
      const logger = io.logger ?? createLogger();
      if (o['tls'] === 'auto') {
        if (tlsCert || tlsKey)
          throw new InvalidArgumentError('give either --tls auto or --tls-cert/--tls-key');
        const auto = await ensureAutoTls(dataDirOf(o['database'] ?? DEFAULT_DATABASE_URL));
        ({ certFile: tlsCert, keyFile: tlsKey } = auto);
        logger.info(
          { certFile: auto.certFile, fingerprint: auto.fingerprint, created: auto.created },
          `--tls auto: serving a self-signed certificate; clients trust it with: orch-cli config set ca-cert ${auto.certFile} (check its SHA-256 fingerprint)`,
        );
      }
      if (Boolean(issuer) !== Boolean(jwksUrl)) {
        throw new InvalidArgumentError('--oidc-issuer and --oidc-jwks-url must be given together');
      }
      // Plain HTTP stays on this host unless told otherwise: tokens must not cross a network in clear.
      const listen = o['listen'] ?? (tlsCert ? '0.0.0.0:8080' : '127.0.0.1:8080');
      const database = o['database'] ?? DEFAULT_DATABASE_URL;
      const server = await serve({
        listen,
        database,
        ...(io.stdoutIsTty === false
          ? { firstTokenFile: join(dataDirOf(database), 'first-admin-token') }
          : {}),
        releaseServiceUrl: o['releaseServiceUrl'] ?? DEFAULT_RELEASE_SERVICE_URL,
        ...(issuer && jwksUrl
          ? {
              oidc: {
                issuer,
                jwksUrl,
                ...(o['oidcAudience'] ? { audience: o['oidcAudience'] } : {}),
                ...(o['oidcConsoleClientId'] ? { consoleClientId: o['oidcConsoleClientId'] } : {}),
              },
            }
          : {}),
        ...(tlsCert ? { tlsCertFile: tlsCert } : {}),
        ...(tlsKey ? { tlsKeyFile: tlsKey } : {}),
        ...(o['tlsCa'] ? { tlsCaFile: o['tlsCa'] } : {}),
        ...(o['publicUrl'] ? { publicUrl: o['publicUrl'] } : {}),
        validationConcurrency: Number(o['validationConcurrency'] ?? 2),
        ...(o['validationPerProject'] ? { validationPerProject: Number(o['validationPerProject']) } : {}),
        ...(o['dryRunsPerProject'] ? { dryRunsPerProject: Number(o['dryRunsPerProject']) } : {}),
        ...(o['dryRunsTotal'] ? { dryRunsTotal: Number(o['dryRunsTotal']) } : {}),
        scratchDir: o['scratchDir'] ?? DEFAULT_SCRATCH_DIR,
        ...(o['instanceId'] ? { instanceId: o['instanceId'] } : {}),
        destinations: destinationRules(o),
        validationLimits: validationLimits(o),
        ...(o['metricsTokenFile'] ? { metricsTokenFile: o['metricsTokenFile'] } : {}),
        streamLimits: {
          ...(o['streamsPerPrincipal'] ? { perPrincipal: Number(o['streamsPerPrincipal']) } : {}),
          ...(o['streamsMax'] ? { total: Number(o['streamsMax']) } : {}),
        },
        ...(o['scratchBudget'] ? { scratchBudgetBytes: Number(o['scratchBudget']) } : {}),
        ...(o['scratchFreeFloor'] ? { scratchFreeFloorBytes: Number(o['scratchFreeFloor']) } : {}),
        print: (text) => io.stdout(text + '\n'),
        logger,
      });
      io.onServing?.(server);
    });
}

/** Comma-separated values of a list flag, blanks dropped. */
const listOf = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** `--image-*-cidrs`: each entry an address or CIDR block (checked here, so a typo stops the start). */
function cidrList(text: string): string {
  for (const entry of listOf(text)) {
    try {
      parseCidr(entry);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  }
  return text;
}

/** `--image-allow-ports`: port numbers 1..65535. */
function portList(text: string): string {
  for (const entry of listOf(text)) {
    const port = Number(entry);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new InvalidArgumentError(`"${entry}" is not a port`);
  }
  return text;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
};
const TIME_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000 };

/** A size such as `512M`, `64G`, `2T` (binary units) or a byte count; the flag keeps the bytes. */
function sizeFlag(text: string): string {
  const match = /^(\d+)([KMGT]?)(i?B)?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * (SIZE_UNITS[(match[2] ?? '').toUpperCase()] ?? NaN) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new InvalidArgumentError('give a size such as 512M, 64G or 2T');
  return String(bytes);
}

/** A duration such as `90m`, `6h` or `300s`; the flag keeps milliseconds. */
function durationFlag(text: string): string {
  const match = /^(\d+)([smh])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (TIME_UNITS[match[2] ?? ''] ?? NaN) : NaN;
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new InvalidArgumentError('give a duration such as 300s, 90m or 6h');
  return String(ms);
}

/** The validation limits the flags name; the rest keep orchd's defaults. */
function validationLimits(o: Record<string, unknown>): Partial<PipelineLimits> {
  const number = (key: string) => (typeof o[key] === 'string' ? Number(o[key]) : undefined);
  const [hosted, image, deadline, rate] = [
    'imageMaxHostedSize',
    'imageMaxSize',
    'validationDeadline',
    'validationMinRate',
  ].map(number);
  return {
    ...(hosted ? { maxHostedBytes: hosted } : {}),
    ...(image ? { maxImageBytes: image } : {}),
    ...(deadline ? { deadlineMs: deadline } : {}),
    ...(rate ? { minRate: { bytesPerSecond: rate, windowMs: 5 * 60_000 } } : {}),
  };
}

/** The destination rules of the `--image-*` flags. */
function destinationRules(o: Record<string, unknown>): DestinationRules {
  const list = (key: string) => (typeof o[key] === 'string' ? listOf(o[key]) : []);
  return {
    allowCidrs: list('imageAllowCidrs'),
    denyCidrs: list('imageDenyCidrs'),
    allowHosts: list('imageAllowHosts'),
    allowPorts: list('imageAllowPorts').map(Number),
    denyPrivate: o['imageDenyPrivate'] === true || o['imageDenyPrivate'] === 'true',
  };
}

/** `--validation-concurrency` and the per-project caps: a whole number from 1 to 64. */
function positiveInteger(text: string): string {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new InvalidArgumentError('give a whole number from 1 to 64');
  }
  return String(value);
}

/** `--streams-*`: a whole number from 1 to 100000. */
function streamCount(text: string): string {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new InvalidArgumentError('give a whole number from 1 to 100000');
  }
  return String(value);
}

interface TokenCreateFlags {
  readonly admin?: boolean;
  readonly project?: string;
  readonly role: 'read' | 'write';
  readonly name: string;
  readonly expiresIn?: string;
  readonly database: string;
}

function addTokenCreate(program: Command, io: OrchdProgramIo): void {
  program
    .command('token')
    .description('manage API tokens directly in the database (on the server host)')
    .command('create')
    .description('issue a token and print its secret once (the recovery path when no admin token is left)')
    .option('--admin', 'an admin token (every project, token management)')
    .option('--project <name>', 'the project the role applies to')
    .addOption(new Option('--role <role>', 'role on --project').choices(['read', 'write']).default('read'))
    .option('--name <name>', 'a name to recognise the token by', 'cli')
    .option('--expires-in <lifetime>', 'lifetime such as 12h or 30d (default: no expiry)')
    .addOption(databaseOption())
    .addHelpText('after', TOKEN_EXAMPLES)
    .action(async (o: TokenCreateFlags) => {
      if (!o.admin && !o.project) throw new InvalidArgumentError('give --admin or --project <name>');
      const created = await createTokenOnHost({
        database: o.database,
        name: o.name,
        admin: Boolean(o.admin),
        ...(o.project ? { project: o.project, role: o.role } : {}),
        ...(o.expiresIn ? { expiresIn: o.expiresIn } : {}),
      });
      io.stdout(`token ${created.id} created; shown once:\n\n  export ORCH_TOKEN=${created.secret}\n`);
    });
}
