import { Option, type Command } from 'commander';
import { SECURE_BOOT_FLAG_NAMES } from '../../os-profile/secure-boot-flags.js';
import { addCertificateOptions, addSecureBootOptions, collect } from './certificate-options.js';

/** The flag form's profile flags of `os-profile create` (without the certificate flags). */
function profileFlagOptions(): Option[] {
  return [
    new Option('--name <name>', 'display name, unique in the project'),
    new Option('--type <type>', 'IMMUTABLE (EMT) or MUTABLE (Ubuntu); OS_TYPE_* spellings too'),
    new Option('--image-url <url>', 'https:// URL of the image (or a Release Service path)'),
    new Option('--checksum <sha256>', 'SHA-256 of the image file exactly as hosted (64 hex)'),
    new Option(
      '--profile-name <name>',
      'profile family, e.g. ubuntu-22.04-lts-generic (default: from --name)',
    ),
    new Option(
      '--os-version <version>',
      'OS image version, e.g. 22.04.5 (default: a version in --name or the file name)',
    ),
    new Option('--security-feature <feature>', 'NONE, SB_FDE or SECURITY_FEATURE_*'),
    new Option('--provider <provider>', 'INFRA (default) or LENOVO'),
    new Option('--architecture <arch>', 'CPU architecture (default x86_64)'),
    new Option('--description <text>', 'free text'),
    new Option('--metadata <k=v[,k=v]>', 'metadata pairs, repeatable').argParser(collect),
  ];
}

/**
 * Adds the flag form's flags, the certificate and Secure Boot flags to `command`, and returns the option
 * names (commander attribute names) so a caller can tell whether any of them was given.
 */
export function addProfileFlagOptions(command: Command): readonly string[] {
  const options = profileFlagOptions();
  for (const option of options) command.addOption(option);
  addCertificateOptions(command);
  addSecureBootOptions(command);
  return [...options.map((o) => o.attributeName()), 'tlsCert', 'tlsCertFile', ...SECURE_BOOT_FLAG_NAMES];
}
