import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { OsProfileFields } from '../../src/core/os-profile/os-profile-types.js';
import { isOrchError } from '../../src/core/errors/index.js';
import type { ErrorCode, OrchError } from '../../src/core/errors/index.js';

/** A valid, normalised Ubuntu profile; `overrides` replace single fields. */
export function profileFields(overrides: Partial<OsProfileFields> = {}): OsProfileFields {
  return {
    name: 'Ubuntu 22.04.5 LTS',
    profileName: 'ubuntu-22.04-lts-generic',
    imageUrl: 'https://images.example.test/ubuntu-22.04.5.raw.gz',
    imageId: '22.04.5',
    sha256: 'a'.repeat(64),
    osType: 'OS_TYPE_MUTABLE',
    osProvider: 'OS_PROVIDER_KIND_INFRA',
    securityFeature: 'SECURITY_FEATURE_NONE',
    osFamily: 'ubuntu',
    architecture: 'x86_64',
    description: 'a test profile',
    tlsCaCert: '',
    metadata: { release: 'jammy' },
    source: 'custom',
    installedPackages: '',
    existingCves: '',
    fixedCves: '',
    platformBundle: '',
    ...overrides,
  };
}

/** Text that would betray a driver or SQL error leaking into a message. */
const LEAK =
  /\b(insert into|select .* from|update .* set|delete from|constraint|violates|SQLITE_|duplicate key|sqlstate)\b/i;

/** Asserts an OrchError of `code` whose message holds no SQL or driver text; returns it. */
export function assertStoreError(error: unknown, code: ErrorCode): OrchError {
  assert.ok(isOrchError(error), `expected an OrchError, got ${String(error)}`);
  assert.equal(error.code, code, `code of: ${error.message}`);
  assert.doesNotMatch(error.message, LEAK);
  return error;
}

/** Runs `operation`, which must fail with an OrchError of `code`; returns the error. */
export async function expectStoreError(
  operation: () => Promise<unknown>,
  code: ErrorCode,
): Promise<OrchError> {
  try {
    await operation();
  } catch (error) {
    return assertStoreError(error, code);
  }
  assert.fail(`expected ${code}, but the operation succeeded`);
}

/** A clock tests move by hand; starts at 2026-11-25T19:00:00.000Z. */
export class TestClock {
  #ms = Date.parse('2026-11-25T19:00:00.000Z');
  readonly now = (): Date => new Date(this.#ms);
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** `os-` + 8 hex, unique within a run. */
export function newProfileId(): string {
  return `os-${randomBytes(4).toString('hex')}`;
}

/** A fresh project name, so tests sharing one database never see each other's rows. */
export function newProjectName(prefix = 'p'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
