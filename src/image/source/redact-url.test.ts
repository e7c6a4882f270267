import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from './redact-url.js';

test('redactUrl replaces credentials with REDACTED', () => {
  assert.equal(
    redactUrl('https://alice:s3cret@images.example.com/a.raw.gz'),
    'https://REDACTED:REDACTED@images.example.com/a.raw.gz',
  );
  assert.equal(
    redactUrl('https://token@images.example.com/a.raw'),
    'https://REDACTED@images.example.com/a.raw',
  );
});

test('redactUrl keeps query keys and hides their values', () => {
  const url =
    'https://bucket.s3.amazonaws.com/img.qcow2?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2024&X-Amz-Signature=abc123&flag';
  assert.equal(
    redactUrl(url),
    'https://bucket.s3.amazonaws.com/img.qcow2?X-Amz-Algorithm=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&flag',
  );
  assert.equal(redactUrl('https://h/x?sig=a%2Bb%3D&empty='), 'https://h/x?sig=REDACTED&empty=');
});

test('redactUrl drops the fragment and leaves a plain URL unchanged', () => {
  assert.equal(redactUrl('https://h:8443/dir/img.raw#part'), 'https://h:8443/dir/img.raw');
  assert.equal(redactUrl(new URL('https://127.0.0.1:4431/img.raw.gz')), 'https://127.0.0.1:4431/img.raw.gz');
});

test('redactUrl refuses to echo text that is not a URL', () => {
  assert.equal(redactUrl('not a url user:pw@x?sig=1'), '(an unparseable URL)');
});
