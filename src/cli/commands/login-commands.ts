import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { usageError } from '../cli-error.js';
import { writeConfigFile } from '../config/config-file.js';
import { passwordGrant } from '../auth/oidc-password-grant.js';
import { describeCaller, whoAmI } from '../auth/whoami.js';

interface LoginOptions {
  token?: string;
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
  if (o.token !== undefined) {
    if (user !== undefined) throw usageError('give either a user name or --token, not both');
    return o.token;
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
    .option('--token <token>', 'an orchd API token (orchd prints one on first start)')
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

Examples:
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
