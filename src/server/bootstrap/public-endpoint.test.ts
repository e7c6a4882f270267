import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPublicUrl, derivePublicUrl, pemCertificates } from './public-endpoint.js';

const nics = [
  { address: '127.0.0.1', family: 'IPv4', internal: true },
  { address: 'fe80::1', family: 'IPv6', internal: false },
  { address: '2001:db8::5', family: 'IPv6', internal: false },
  { address: '10.1.2.3', family: 'IPv4', internal: false },
];

test('derivePublicUrl: the listen host, or the first external address when listening on all', () => {
  const base = { port: 8443, https: true, interfaces: nics, hostName: 'orch-1' };
  assert.equal(derivePublicUrl({ ...base, host: '192.168.1.9' }), 'https://192.168.1.9:8443');
  assert.equal(derivePublicUrl({ ...base, host: '0.0.0.0' }), 'https://10.1.2.3:8443');
  assert.equal(
    derivePublicUrl({ ...base, host: '::', interfaces: nics.slice(0, 3) }),
    'https://[2001:db8::5]:8443',
  );
  assert.equal(
    derivePublicUrl({ ...base, host: '0.0.0.0', interfaces: nics.slice(0, 1) }),
    'https://orch-1:8443',
  );
  assert.equal(derivePublicUrl({ ...base, https: false, host: '::1' }), 'http://[::1]:8443');
});

test('checkPublicUrl: http(s), no credentials, query or fragment; trailing slash dropped', () => {
  assert.equal(checkPublicUrl('https://orchd.example:8443/'), 'https://orchd.example:8443');
  assert.equal(checkPublicUrl('https://edge.example/orchd/'), 'https://edge.example/orchd');
  assert.throws(() => checkPublicUrl('orchd:8443'), /must be an http/);
  assert.throws(() => checkPublicUrl('not a url'), /is not a URL/);
  assert.throws(() => checkPublicUrl('https://u:p@orchd.example'), /credentials/);
  assert.throws(() => checkPublicUrl('https://orchd.example/?a=1'), /query/);
});

test('pemCertificates keeps certificate blocks only', () => {
  const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
  const key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';
  assert.equal(pemCertificates(`junk\n${cert}\n${key}\n${cert}`), `${cert}\n${cert}\n`);
  assert.equal(pemCertificates(key), '');
});
