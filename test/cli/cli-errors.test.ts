import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { issuesToError, PROFILE_RULES, applyProfileCreateRules } from '../../src/core/os-profile/index.js';
import { startCliFixture, type CliFixture } from './support/cli-fixture.js';

let fx: CliFixture;
before(async () => {
  fx = await startCliFixture();
});
after(async () => {
  await fx?.close();
});

/** A Ubuntu flag-form create command with `overrides` replacing flags of the same name. */
function createArgs(overrides: Record<string, string>): string[] {
  const flags: Record<string, string> = {
    '--name': 'Ubuntu bad input',
    '--type': 'MUTABLE',
    '--image-url': fx.imageUrl('ubuntu.img'),
    '--checksum': fx.sha256,
    '--profile-name': 'ubuntu-bad-input',
    '--os-version': '22.04.5',
    ...overrides,
  };
  return ['os-profile', 'create', ...Object.entries(flags).flat()];
}

/** orchd's own message for a body, computed with the same core function orchd uses. */
async function coreMessage(body: Record<string, unknown>): Promise<string> {
  const result = await applyProfileCreateRules(body, {
    releaseServiceUrl: 'https://files-rs.example.test',
    now: new Date(),
  });
  assert.equal(result.ok, false);
  return result.ok ? '' : issuesToError(result.issues).message;
}

describe("bad input is refused before any request, in orchd's words", () => {
  test('checksum, http URL, wrong type for Ubuntu and EMT, unreadable and expired certificates', async () => {
    // Nothing listens at deadEndpoint: a request would exit 3; these exit 1 with core's message.
    const dead = { env: { ORCH_API_ENDPOINT: fx.deadEndpoint } };
    const expiredPem = await readFile(fx.certs.expired.certPath, 'utf8');
    const cases: [string[], string][] = [
      [createArgs({ '--checksum': 'abc123' }), PROFILE_RULES.sha256Format.message()],
      [createArgs({ '--image-url': 'http://127.0.0.1/ubuntu.img' }), PROFILE_RULES.imageUrlHttp.message()],
      [createArgs({ '--type': 'IMMUTABLE' }), PROFILE_RULES.ubuntuMutable.message()],
      [
        createArgs({ '--name': 'EMT bad', '--profile-name': 'microvisor-bad', '--os-version': '3.0.1' }),
        PROFILE_RULES.emtImmutable.message(),
      ],
    ];
    const results = await Promise.all([
      ...cases.map(([args]) => fx.cli(args, dead)),
      fx.cli(createArgs({ '--tls-cert': 'not a certificate' }), dead),
      fx.cli(createArgs({ '--tls-cert-file': fx.certs.expired.certPath }), dead),
    ]);
    cases.forEach(([, message], i) => {
      assert.equal(results[i]!.code, 1, results[i]!.stderr);
      assert.equal(results[i]!.stderr, `error: ${message}\n`);
    });
    const [unreadable, expired] = results.slice(cases.length);
    const base = {
      name: 'Ubuntu bad input',
      osType: 'MUTABLE',
      imageUrl: fx.imageUrl('ubuntu.img'),
      sha256: fx.sha256,
      profileName: 'ubuntu-bad-input',
      imageId: '22.04.5',
    };
    assert.equal(unreadable!.code, 1);
    assert.equal(
      unreadable!.stderr,
      `error: ${await coreMessage({ ...base, tlsCaCert: 'not a certificate' })}\n`,
    );
    assert.equal(expired!.code, 1);
    assert.equal(expired!.stderr, `error: ${await coreMessage({ ...base, tlsCaCert: expiredPem })}\n`);
    assert.match(expired!.stderr, /expired/);
  });

  test('the same checks answer the same words from orchd when the CLI is bypassed', async () => {
    const res = await fetch(`${fx.orchd.url}/v1/projects/default/compute/os`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.orchd.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ubuntu bad input',
        osType: 'MUTABLE',
        imageUrl: 'http://127.0.0.1/ubuntu.img',
        sha256: fx.sha256,
        profileName: 'ubuntu-bad-input',
        imageId: '22.04.5',
      }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { message: string }).message, PROFILE_RULES.imageUrlHttp.message());
  });
});

describe('usage errors exit 2', () => {
  test('flags that conflict or cannot be read', async () => {
    const results = await Promise.all([
      fx.cli([...createArgs({}), '-f', 'x.yaml']),
      fx.cli(createArgs({ '--metadata': 'novalue' })),
      fx.cli([...createArgs({ '--tls-cert': fx.leafBase64 }), '--tls-cert-file', fx.pemPath]),
      fx.cli(createArgs({ '--tls-cert-file': '/nonexistent/cert.pem' })),
      fx.cli(['os-profile', 'create', '--bogus']),
    ]);
    const expected = [
      /^error: give either -f <manifest\.yaml> or the profile flags, not both\n$/,
      /^error: --metadata "novalue" must be key=value \(several: k1=v1,k2=v2\)\n$/,
      /^error: give either --tls-cert or --tls-cert-file, not both\n$/,
      /^error: cannot read --tls-cert-file \/nonexistent\/cert\.pem: ENOENT/,
      /^error: unknown option '--bogus'/,
    ];
    results.forEach((r, i) => {
      assert.equal(r.code, 2, `${i}: ${r.stderr}`);
      assert.match(r.stderr, expected[i]!);
    });
  });
});

describe('cannot reach or authenticate: exit 3; not allowed: exit 1', () => {
  test('unreachable orchd, refused token, no token, read-only token', async () => {
    const reader = await fx.orchd.token([{ project: 'default', role: 'read' }]);
    const [dead, badToken, noToken, readOnly, readOk] = await Promise.all([
      fx.cli(createArgs({}), { env: { ORCH_API_ENDPOINT: fx.deadEndpoint } }),
      fx.cli(['list', 'osp'], { env: { ORCH_TOKEN: 'eo_not-a-real-token' } }),
      fx.cli(['list', 'osp'], { env: { ORCH_TOKEN: '' } }),
      fx.cli(createArgs({}), { env: { ORCH_TOKEN: reader } }),
      fx.cli(['list', 'osp', '-o', 'json'], { env: { ORCH_TOKEN: reader } }),
    ]);
    assert.equal(dead.code, 3);
    assert.match(dead.stderr, new RegExp(`^error: cannot reach orchd at ${fx.deadEndpoint}: .*ECONNREFUSED`));
    assert.equal(badToken.code, 3);
    assert.match(
      badToken.stderr,
      /^error: .+\nlog in with: orch-cli login --token <token> {2}\(or set ORCH_TOKEN\)\n$/,
    );
    assert.equal(noToken.code, 3);
    assert.equal(
      noToken.stderr,
      'error: not logged in: run `orch-cli login --token <token>` or set ORCH_TOKEN\n',
    );
    assert.equal(readOnly.code, 1);
    assert.match(readOnly.stderr, /^error: /);
    assert.equal(readOk.code, 0, readOk.stderr);
    assert.equal((JSON.parse(readOk.stdout) as unknown[]).length, 7);
  });
});
