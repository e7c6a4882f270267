import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, EXIT, usageError } from '../../cli-error.js';
import { parseOsProfileManifest } from '../../manifest/emf-manifest.js';
import { createProfile } from '../../os-profile/os-profile-api.js';
import { resolveCertificateInput } from '../../os-profile/certificate-input.js';
import { checkCreateBody } from '../../os-profile/profile-checks.js';
import {
  bodyFromCreateFlags,
  withDerivedDefaults,
  type CreateProfileFlags,
} from '../../os-profile/profile-flags.js';
import { secureBootFields, type SecureBootFlags } from '../../os-profile/secure-boot-flags.js';
import type { OutputFormat } from '../../output/output-format.js';
import { addProfileFlagOptions } from './profile-flag-options.js';
import { addOutputOption, printProfile, profileLabel } from './output-option.js';
import { reportValidation } from './os-profile-validate.js';

/** The documented create flow, shown in `--help`. */
export const CREATE_FLOW_EXAMPLE = `  # the full flow: capture the image server's certificate, then create the profile
  openssl s_client -connect images.example.com:443 -showcerts </dev/null | openssl x509 -outform PEM > server_cert.pem
  export TLS_CERT=$(base64 -w0 server_cert.pem)
  orch-cli os-profile create --name "Ubuntu 22.04 custom" --type MUTABLE \\
    --image-url https://images.example.com/jammy.img \\
    --checksum 7c8a7f7a2f0b1c1d5c8f0e3a6b4d2e1f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d \\
    --os-version 22.04.5 --security-feature NONE --metadata skip_kernel_upgrade=true`;

type CreateOptions = CreateProfileFlags &
  SecureBootFlags & {
    file?: string;
    tlsCert?: string;
    tlsCertFile?: string;
    output: OutputFormat;
    wait?: boolean;
  };

/** Reads a manifest file into an API body, printing notes about ignored keys. */
async function manifestBody(ctx: CliContext, path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read manifest ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  const { body, notes } = parseOsProfileManifest(text, path);
  for (const note of notes) ctx.io.stderr(`note: ${note}\n`);
  return body;
}

/** The flag form's body: flags, the certificate, and the two derived defaults (said on stderr). */
async function flagsBody(ctx: CliContext, o: CreateOptions): Promise<Record<string, unknown>> {
  const note = (text: string) => ctx.io.stderr(`note: ${text}\n`);
  const certificate = await resolveCertificateInput(o, { env: ctx.io.env, note }, true);
  const body = bodyFromCreateFlags(withDerivedDefaults(o, note), certificate);
  return { ...body, ...(await secureBootFields(o, {})) };
}

/**
 * Checks with core's rules, then POSTs; prints the new profile. With `wait`, follows the image
 * validation orchd starts after the create and prints its checks instead (exit 1 on failure).
 */
export async function createFromBody(
  ctx: CliContext,
  command: Command,
  body: Record<string, unknown>,
  format: OutputFormat,
  wait = false,
  fromFlags = false,
): Promise<void> {
  await checkCreateBody(body, ctx.io.now(), fromFlags);
  const { client, settings } = await ctx.client(command);
  const created = await createProfile(client, settings.project, body);
  if (!wait) return printProfile(ctx, format, created, `${profileLabel(created)} created`);
  if (format === 'table' || format === 'wide') ctx.io.stdout(`${profileLabel(created)} created\n`);
  await reportValidation(ctx, client, settings.project, created, format);
}

/** `os-profile create`: its flags, or `-f manifest.yaml` (EMF). */
export function defineOsProfileCreate(command: Command, ctx: CliContext): Command {
  command
    .description('create an OS profile from flags (the flag form) or from an EMF manifest (-f)')
    .option('-f, --file <manifest.yaml>', 'EMF OS profile manifest (instead of the flags)')
    .option('--wait', 'wait for the image validation and print its checks (exit 1 when it fails)');
  const profileFlags = addProfileFlagOptions(command);
  addOutputOption(command).addHelpText(
    'after',
    `
When no certificate flag is given and TLS_CERT is set, its value is used (and said on stderr).

Examples:
${CREATE_FLOW_EXAMPLE}
  orch-cli os-profile create --name "EMT custom" --type IMMUTABLE --image-url https://images.example.com/emt.raw.gz \\
    --checksum 6f7aef82c1aae6c914a9f173a6be91b0a222027937f5afcc87c2b12a9d71c056 --os-version 3.0.20260602.2200 \\
    --profile-name microvisor-custom --security-feature SB_FDE --tls-cert-file server_cert.pem \\
    --secure-boot-cert-file db.pem --secure-boot-dbx-file dbx.txt
  orch-cli os-profile create -f ubuntu-profile.yaml -o json
  orch-cli os-profile create -f ubuntu-profile.yaml --wait      # then the image validation's checks`,
  );
  return command.action(async (o: CreateOptions, cmd: Command) => {
    const given = profileFlags.filter((flag) => cmd.getOptionValue(flag) !== undefined);
    if (o.file && given.length > 0) {
      throw usageError('give either -f <manifest.yaml> or the profile flags, not both');
    }
    const body = o.file ? await manifestBody(ctx, o.file) : await flagsBody(ctx, o);
    await createFromBody(ctx, cmd, body, o.output, o.wait, !o.file);
  });
}

/** `create osprofile <manifest.yaml>` (EMF's verb-noun form). */
export function defineCreateOsProfile(command: Command, ctx: CliContext): Command {
  return addOutputOption(
    command
      .description('create an OS profile from an EMF manifest')
      .argument('<manifest.yaml>', 'the manifest'),
  )
    .addHelpText(
      'after',
      `
The manifest is EMF's: spec.name, type, provider, architecture, profileName, osImageUrl,
osImageVersion, osImageSha256, securityFeature, description, platformBundle (string or map),
metadata (map or block string) and the certificate as tlsCert, tlsCaCert or tlsCaCertificate.

Examples:
  orch-cli create osprofile ubuntu-profile.yaml
  orch-cli create osp emt-profile.yaml -o json`,
    )
    .action(async (file: string, o: { output: OutputFormat }, cmd: Command) => {
      await createFromBody(ctx, cmd, await manifestBody(ctx, file), o.output);
    });
}
