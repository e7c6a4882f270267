import { Argument, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../cli-error.js';
import { writeConfigFile } from '../config/config-file.js';
import { CONFIG_KEYS, type ConfigKey } from '../config/config-keys.js';

const keyArgument = () => new Argument('<key>', 'the setting').choices(CONFIG_KEYS);

/** Hides all but the end of a token when printed. */
const masked = (key: ConfigKey, value: string): string =>
  key === 'token' && value.length > 8 ? `${value.slice(0, 3)}...${value.slice(-4)}` : value;

/** `config set|get|unset`: the settings file (mode 0600, `ORCH_CLI_CONFIG` overrides its path). */
export function defineConfigCommands(program: Command, ctx: CliContext): void {
  const config = program
    .command('config')
    .description(`read and write the settings file (${CONFIG_KEYS.join(', ')})`)
    .addHelpText(
      'after',
      `
The file is ~/.orch-cli/config.yaml (mode 0600), or $ORCH_CLI_CONFIG. Flags (--api-endpoint,
-p/--project, --ca-cert) and ORCH_API_ENDPOINT, ORCH_PROJECT, ORCH_TOKEN override it.

Examples:
  orch-cli config set api-endpoint https://orch.example.com
  orch-cli config set project default
  orch-cli config set ca-cert ./orchd-ca.pem
  orch-cli config get
  orch-cli config unset token`,
    );
  config
    .command('set')
    .description('store a setting')
    .addHelpText(
      'after',
      '\nExamples:\n  orch-cli config set api-endpoint https://orch.example.com\n  orch-cli config set project lab',
    )
    .addArgument(keyArgument())
    .argument('<value>', 'its value')
    .action(async (key: ConfigKey, value: string) => {
      await writeConfigFile(ctx.configPath, { ...(await ctx.loadConfig()), [key]: value });
      ctx.io.stdout(`${key} set in ${ctx.configPath}\n`);
    });
  config
    .command('get')
    .description('print one setting, or all of them')
    .addHelpText('after', '\nExamples:\n  orch-cli config get\n  orch-cli config get api-endpoint')
    .addArgument(keyArgument().argOptional())
    .action(async (key: ConfigKey | undefined) => {
      const current = await ctx.loadConfig();
      if (key === undefined) {
        for (const k of CONFIG_KEYS)
          if (current[k] !== undefined) ctx.io.stdout(`${k}: ${masked(k, current[k])}\n`);
        return;
      }
      const value = current[key];
      if (value === undefined) throw new CliError(`${key} is not set in ${ctx.configPath}`, EXIT.failed);
      ctx.io.stdout(`${masked(key, value)}\n`);
    });
  config
    .command('unset')
    .description('remove a setting')
    .addHelpText('after', '\nExamples:\n  orch-cli config unset ca-cert')
    .addArgument(keyArgument())
    .action(async (key: ConfigKey) => {
      const current = { ...(await ctx.loadConfig()) };
      delete current[key];
      await writeConfigFile(ctx.configPath, current);
      ctx.io.stdout(`${key} removed from ${ctx.configPath}\n`);
    });
}
