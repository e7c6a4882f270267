import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RELEASE_SERVICE_URL, normalizeImageUrl } from './image-url.js';
import { PROFILE_RULES as R } from './os-profile-rules.js';

const BASE = 'https://rs.example.com/mirror/';

function issueOf(raw: unknown, base = BASE): { rule: string; message: string } {
  const result = normalizeImageUrl(raw, base);
  assert.equal(result.ok, false, `expected ${JSON.stringify(raw)} to be refused`);
  const issue = result.ok ? undefined : result.issues[0];
  assert.equal(issue?.field, 'imageUrl');
  return { rule: issue?.rule ?? '', message: issue?.message ?? '' };
}

describe('imageUrl', () => {
  test('accepts https URLs with query strings and every URI character, kept as written', () => {
    const urls = [
      'https://images.example.com/ubuntu-22.04.img',
      'https://s3.example.com/b/os%2Bimage.raw.gz?X-Amz-Signature=ab%2Fcd&X-Amz-Expires=3600',
      'https://host.example:8443/~user/a+b/img.qcow2?x=1&y=2;z=(3)*!$,@:#frag',
      'HTTPS://Images.Example.com/Path/OS.img',
      'https://[::1]:9443/os.img',
    ];
    for (const url of urls) assert.deepEqual(normalizeImageUrl(`  ${url} `, BASE), { ok: true, value: url });
  });

  test('a relative path resolves against the Release Service, keeping the base path', () => {
    const path = 'files-edge-orch/repository/microvisor/non_rt/edge-readonly-3.0.raw.gz';
    assert.deepEqual(normalizeImageUrl(path, BASE), {
      ok: true,
      value: `https://rs.example.com/mirror/${path}`,
    });
    assert.deepEqual(normalizeImageUrl(`/${path}`, DEFAULT_RELEASE_SERVICE_URL), {
      ok: true,
      value: `https://files-rs.edgeorchestration.intel.com/${path}`,
    });
    assert.equal(DEFAULT_RELEASE_SERVICE_URL, 'https://files-rs.edgeorchestration.intel.com');
  });

  test('a relative path meets the same rules once resolved against the configured base', () => {
    assert.equal(issueOf('files/os.img', 'http://rs.example.com').rule, 'imageUrl.http');
    assert.equal(issueOf('files/os.img', 'not a base').rule, 'imageUrl.invalid');
  });

  test('http:// is refused with the reason https is required', () => {
    assert.deepEqual(issueOf('http://images.example.com/os.img'), {
      rule: R.imageUrlHttp.id,
      message:
        'imageUrl must use https://, not http://: nodes write this image to their disk, and over plain http ' +
        'anyone on the network path could replace it unnoticed.',
    });
    assert.equal(issueOf('HTTP://images.example.com/os.img').rule, 'imageUrl.http');
  });

  test('other schemes are refused naming the scheme', () => {
    assert.deepEqual(issueOf('ftp://images.example.com/os.img'), {
      rule: 'imageUrl.scheme',
      message:
        'imageUrl must be an https:// URL or a path relative to the Release Service file server, not a ftp: URL.',
    });
    assert.equal(issueOf('file:///etc/passwd').rule, 'imageUrl.scheme');
  });

  test('required', () => {
    for (const raw of [undefined, null, '', '   ']) {
      assert.deepEqual(issueOf(raw), {
        rule: 'imageUrl.required',
        message:
          'imageUrl is required: an https:// URL, or a path relative to the Release Service file server.',
      });
    }
    assert.deepEqual(issueOf(42), { rule: 'field.type', message: 'imageUrl must be a string.' });
  });

  test('characters outside RFC 3986 are refused with their position', () => {
    assert.deepEqual(issueOf('https://example.com/my image.img'), {
      rule: R.imageUrlCharacter.id,
      message:
        'imageUrl contains " " at position 22, which is not allowed in a URL; percent-encode it (a space is %20).',
    });
    assert.equal(issueOf('https://example.com/a"b').rule, 'imageUrl.character');
    assert.equal(
      issueOf('https://example.com/é.img').message.startsWith('imageUrl contains "é" at position 20'),
      true,
    );
  });

  test('a bare % is refused', () => {
    assert.deepEqual(issueOf('https://example.com/100%.img'), {
      rule: R.imageUrlPercent.id,
      message:
        "imageUrl has a '%' at position 23 that is not followed by two hex digits; write a literal % as %25.",
    });
  });

  test('malformed absolute URLs, credentials, bad relative paths, length', () => {
    const invalid =
      'imageUrl is not a valid URL: it needs a host name, e.g. https://images.example.com/os.img.';
    assert.deepEqual(issueOf('https:///os.img'), { rule: 'imageUrl.invalid', message: invalid });
    assert.deepEqual(issueOf('https:images.example.com/os.img'), {
      rule: 'imageUrl.invalid',
      message: invalid,
    });
    assert.deepEqual(issueOf('https://a:b@example.com/os.img'), {
      rule: 'imageUrl.credentials',
      message:
        'imageUrl must not contain a user name or password (user:pass@host): it would be stored and shown in clear.',
    });
    const relative = "imageUrl is a relative path, which must not start with '//' nor contain '..' segments.";
    assert.deepEqual(issueOf('//evil.example.com/os.img'), { rule: 'imageUrl.relative', message: relative });
    assert.deepEqual(issueOf('files/../../os.img'), { rule: 'imageUrl.relative', message: relative });
    assert.deepEqual(issueOf(`https://example.com/${'a'.repeat(4096)}`), {
      rule: 'imageUrl.length',
      message: 'imageUrl must be at most 4096 characters.',
    });
  });
});
