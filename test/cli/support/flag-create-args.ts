import type { CliFixture } from './cli-fixture.js';

/** What varies between the flag-form creates of the CLI tests. */
export interface FlagCreate {
  readonly name: string;
  readonly profileName: string;
  /** Default `22.04.5`. */
  readonly osVersion?: string;
  /** Flags added before `-o json` (certificates, metadata, ...). */
  readonly extra?: readonly string[];
}

/**
 * The `os-profile create` flags for a Ubuntu (MUTABLE) profile of the fixture's served
 * image, answering JSON: one place for the form every create test starts from.
 */
export function flagCreateArgs(fx: Pick<CliFixture, 'imageUrl' | 'sha256'>, spec: FlagCreate): string[] {
  return [
    'os-profile',
    'create',
    '--name',
    spec.name,
    '--type',
    'MUTABLE',
    '--image-url',
    fx.imageUrl('ubuntu.img'),
    '--checksum',
    fx.sha256,
    '--profile-name',
    spec.profileName,
    '--os-version',
    spec.osVersion ?? '22.04.5',
    ...(spec.extra ?? []),
    '-o',
    'json',
  ];
}
