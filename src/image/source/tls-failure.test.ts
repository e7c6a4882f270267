import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatName, tlsFailure } from './tls-failure.js';

const url = new URL('https://u:p@images.example.com:8443/img.raw.gz?sig=abc');
const peer = {
  subject: 'CN=images.example.com',
  issuer: 'CN=Some CA, O=Org',
  validFrom: 'Jan  1 00:00:00 2020 GMT',
  validTo: 'Jan  1 00:00:00 2021 GMT',
  subjectAltName: 'DNS:images.example.com',
};
const redacted = 'https://REDACTED:REDACTED@images.example.com:8443/img.raw.gz?sig=REDACTED';

test('OpenSSL verify codes map to TLS_UNTRUSTED with the certificate facts', () => {
  for (const reason of [
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
  ]) {
    const error = tlsFailure(url, reason, peer, 'profile');
    assert.equal(error.code, 'TLS_UNTRUSTED');
    assert.equal(error.retryable, false);
    assert.equal(
      error.message,
      `the certificate of ${redacted} is not signed by the profile's certificate (subject CN=images.example.com, issuer CN=Some CA, O=Org; ${reason})`,
    );
    assert.equal(error.details?.reason, reason);
  }
  assert.match(
    tlsFailure(url, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', peer, 'system').message,
    /system's certificate authorities/,
  );
});

test('validity and host name failures get their own codes', () => {
  const expired = tlsFailure(url, 'CERT_HAS_EXPIRED', peer, 'profile');
  assert.equal(expired.code, 'TLS_CERT_EXPIRED');
  assert.match(expired.message, /expired on Jan {2}1 00:00:00 2021 GMT/);
  const early = tlsFailure(url, 'CERT_NOT_YET_VALID', peer, 'profile');
  assert.equal(early.code, 'TLS_CERT_EXPIRED');
  assert.match(early.message, /is not valid before Jan {2}1 00:00:00 2020 GMT/);
  const host = tlsFailure(
    url,
    'ERR_TLS_CERT_ALTNAME_INVALID',
    { ...peer, subjectAltName: undefined },
    'profile',
  );
  assert.equal(host.code, 'TLS_HOSTNAME_MISMATCH');
  assert.match(
    host.message,
    /does not name the host images\.example\.com \(it names only CN=images\.example\.com\)/,
  );
  assert.ok([expired, early, host].every((error) => !error.retryable && error.message.includes(redacted)));
});

test('formatName renders distinguished names', () => {
  assert.equal(formatName({ CN: 'a', O: 'b', OU: ['x', 'y'] }), 'CN=a, O=b, OU=x+y');
  assert.equal(formatName(undefined), '(none)');
  assert.equal(formatName({}), '(empty)');
});
