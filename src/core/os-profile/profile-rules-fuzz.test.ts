import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CERTIFICATE_RULES } from '../certificates/index.js';
import { ENUM_RULES } from './os-profile-aliases.js';
import { PROFILE_RULES } from './os-profile-rules.js';
import type { OsProfile } from './os-profile-types.js';
import { PROFILE_INPUT_FIELDS } from './profile-field-normalizers.js';
import { applyProfileChangeRules } from './profile-change-rules.js';
import { applyProfileCreateRules } from './profile-create-rules.js';

const RULE_IDS = new Set([
  ...Object.values(PROFILE_RULES).map((r) => r.id),
  ...Object.values(ENUM_RULES).map((r) => r.id),
  ...Object.values(CERTIFICATE_RULES).map((r) => r.id),
]);
const FIELDS = new Set<string>([...PROFILE_INPUT_FIELDS, 'body']);
const ctx = { releaseServiceUrl: 'https://rs.example.com', now: new Date('2026-06-01T00:00:00Z') };
const CASES = 2000;

/** xorshift32: the same bodies on every run, so a failure reproduces. */
function prng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const VALID: Record<string, unknown> = {
  name: 'Ubuntu custom',
  profileName: 'ubuntu-24.04-custom',
  imageUrl: 'https://images.example.com/u.img?a=1&b=%2F',
  imageId: '24.04.2',
  sha256: 'ab'.repeat(32),
  osType: 'MUTABLE',
  osProvider: 'INFRA',
  securityFeature: 'SB_FDE',
  metadata: { skip_kernel_upgrade: 'true' },
};

const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  false,
  '',
  ' ',
  '\u0000',
  'http://x/y',
  '..',
  '%',
  '%zz',
  'é😀',
  'x'.repeat(5000),
  [],
  [1, 'a'],
  {},
  { a: { b: [] } },
  '{"a":1}',
  '[1]',
  'UNSPECIFIED',
  'mutable',
  'IMMUTABLE',
  'sb_fde',
  '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
  'MIIB',
  '__proto__',
  'constructor',
];

function mutate(random: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  if (random() < 0.05) return pick(ODD_VALUES);
  const body: Record<string, unknown> = { ...VALID };
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const roll = random();
    const field = pick([
      ...PROFILE_INPUT_FIELDS,
      'resourceId',
      'osFamily',
      'timestamps',
      'extra',
      '__proto__',
    ]);
    if (roll < 0.2) delete body[field];
    else if (roll < 0.8) body[field] = pick(ODD_VALUES);
    else if (typeof body[field] === 'string')
      body[field] = `${String(body[field])}${pick(['\t', ' ', '"', '%', 'ß'])}`;
  }
  return body;
}

function checkOutcome(result: Awaited<ReturnType<typeof applyProfileCreateRules>>, label: string): void {
  if (result.ok) {
    assert.match(result.value.sha256, /^[0-9a-f]{64}$/, label);
    assert.match(result.value.imageUrl, /^https:\/\/[^/?#]/i, label);
    return;
  }
  assert.ok(result.issues.length > 0, label);
  for (const issue of result.issues) {
    assert.ok(RULE_IDS.has(issue.rule), `${label}: unknown rule ${issue.rule}`);
    assert.ok(FIELDS.has(issue.field), `${label}: unknown field ${issue.field}`);
    assert.ok(issue.message.length > 0 && issue.message.length < 1000, `${label}: message length`);
  }
}

describe('validation never throws and only speaks in registered rules', () => {
  test(`${CASES} generated create bodies`, async () => {
    const random = prng(0x9e3779b9);
    let accepted = 0;
    for (let i = 0; i < CASES; i++) {
      const body = mutate(random);
      const result = await applyProfileCreateRules(body, ctx);
      checkOutcome(result, `case ${i}: ${JSON.stringify(body)?.slice(0, 200)}`);
      if (result.ok) accepted++;
    }
    // Both outcomes must occur, or the generator is not exercising the rules.
    assert.ok(accepted > 0 && accepted < CASES, `accepted ${accepted}`);
  });

  test(`${CASES / 4} generated PATCH and PUT bodies`, async () => {
    const created = await applyProfileCreateRules(VALID, ctx);
    assert.ok(created.ok);
    const existing: OsProfile = {
      ...created.value,
      resourceId: 'os-00000001',
      timestamps: { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
    };
    const random = prng(0x12345678);
    for (let i = 0; i < CASES / 4; i++) {
      const body = mutate(random);
      for (const mode of ['patch', 'put'] as const) {
        const result = await applyProfileChangeRules(existing, body, mode, ctx);
        if (!result.ok) checkOutcome(result, `${mode} case ${i}`);
      }
    }
  });
});
