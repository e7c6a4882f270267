import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { usageError } from '../cli-error.js';
import { writeConfigFile } from '../config/config-file.js';
import { passwordGrant } from '../auth/oidc-password-grant.js';
import { describeCaller, whoAmI } from '../auth/whoami.js';

interface LoginOptions {
  token?: string;
  tokenStdin?: boolean;
  passwordStdin?: boolean;
  oidcIssuer?: string;
  clientId: string;
}

/** EMF's Keycloak client for command line logins. */
export const DEFAULT_OIDC_CLIENT_ID = 'system-client';

/** The password: from stdin with `--password-stdin`, else asked (hidden) on a terminal. */
async function readPassword(ctx: CliContext, user: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) return (await ctx.io.readStdin()).replace(/\r?\n$/, '');
  if (!ctx.io.stdinIsTTY)
    throw usageError('stdin is not a terminal: pass the password with --password-stdin');
  return ctx.io.ask(`Password for ${user}: `, { hidden: true });
}

/** The token a login obtains: `--token` as given, or an OIDC password grant. */
async function obtainToken(ctx: CliContext, user: string | undefined, o: LoginOptions) {
  if (o.token !== undefined || o.tokenStdin) {
    if (user !== undefined) throw usageError('give either a user name or --token, not both');
    if (o.token !== undefined && o.tokenStdin)
      throw usageError('give either --token or --token-stdin, not both');
    if (o.token !== undefined) return o.token;
    // The token alone, or orchd's first-start banner (its `export ORCH_TOKEN=` line).
    const input = await ctx.io.readStdin();
    const read = (/export ORCH_TOKEN=(\S+)/.exec(input)?.[1] ?? input).trim();
    if (!read) throw usageError('--token-stdin: stdin held no token');
    return read;
  }
  // No token on the command line, where `ps` and the shell history would keep it: ask for it.
  if (user === undefined && ctx.io.stdinIsTTY) {
    const asked = (await ctx.io.ask('orchd API token: ', { hidden: true })).trim();
    if (!asked) throw usageError('no token given');
    return asked;
  }
  if (user === undefined) throw usageError('give --token <token>, or a user name with --oidc-issuer <url>');
  if (!o.oidcIssuer)
    throw usageError('logging in as a user needs --oidc-issuer <url> (orchd trusts that issuer)');
  const password = await readPassword(ctx, user, Boolean(o.passwordStdin));
  return passwordGrant(ctx.io.transport(undefined), {
    issuer: o.oidcIssuer,
    clientId: o.clientId,
    username: user,
    password,
  });
}

/** `login` and `logout`. */
export function defineLoginCommands(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('check a token (or log in through OIDC) against orchd and store it')
    .argument('[user]', 'user name for an OIDC password login')
    .option(
      '--token <token>',
      'an orchd API token (visible in ps and shell history: prefer the prompt or --token-stdin)',
    )
    .option('--token-stdin', 'read the orchd API token from stdin')
    .option('--password-stdin', 'read the OIDC password from stdin')
    .option(
      '--oidc-issuer <url>',
      'the OIDC issuer orchd trusts, e.g. https://keycloak.example.com/realms/master',
    )
    .option('--client-id <id>', 'OIDC client id', DEFAULT_OIDC_CLIENT_ID)
    .addHelpText(
      'after',
      `
The token is checked with GET /v1/whoami before it is saved to the config file.
An OIDC login stores the access token; log in again when it expires.

Without --token or a user name, orch-cli asks for the token on the terminal (not echoed).
A bearer token sent over plain http:// to a host other than this one is warned about.

Examples:
  orch-cli login                                   # asks for the token
  orch-cli login --token-stdin < ./data/first-admin-token
  orch-cli login --token "$ORCH_TOKEN"
  echo "$PASSWORD" | orch-cli login alice --password-stdin --oidc-issuer https://kc.example.com/realms/master`,
    )
    .action(async (user: string | undefined, o: LoginOptions, cmd: Command) => {
      const token = await obtainToken(ctx, user, o);
      const { client } = await ctx.client(cmd, token);
      const me = await whoAmI(client);
      await writeConfigFile(ctx.configPath, { ...(await ctx.loadConfig()), token });
      ctx.io.stdout(`logged in to ${client.baseUrl} as ${describeCaller(me)}\n`);
    });
  program
    .command('logout')
    .description('remove the stored token')
    .addHelpText('after', '\nExamples:\n  orch-cli logout')
    .action(async () => {
      const current = { ...(await ctx.loadConfig()) };
      const had = current.token !== undefined;
      delete current.token;
      await writeConfigFile(ctx.configPath, current);
      ctx.io.stdout(had ? 'logged out\n' : 'no token was stored\n');
    });
}
