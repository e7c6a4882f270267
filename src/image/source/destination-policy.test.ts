import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { destinationPolicy, parseCidr } from './destination-policy.js';

const denied = (fn: () => void): void =>
  assert.throws(fn, (error) => {
    assert.ok(isOrchError(error, 'DESTINATION_DENIED'));
    assert.equal(error.details, undefined, 'a refusal says nothing about why');
    return true;
  });

test('the default policy refuses loopback, link-local (cloud metadata), unspecified and multicast', () => {
  const policy = destinationPolicy();
  for (const address of [
    '127.0.0.1',
    '127.8.9.10',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
  ])
    denied(() => policy.check('images.example.com', 443, [address]));
});

test('the default policy allows public and private addresses (images live on internal servers)', () => {
  const policy = destinationPolicy();
  for (const address of ['93.184.216.34', '10.1.2.3', '172.16.0.5', '192.168.1.10', 'fd00::5', '2001:db8::1'])
    policy.check('images.example.com', 8443, [address]);
});

test('every resolved address is judged: one denied address among allowed ones denies the name', () => {
  denied(() => destinationPolicy().check('rebind.example.com', 443, ['93.184.216.34', '127.0.0.1']));
  denied(() => destinationPolicy().check('nothing.example.com', 443, []));
});

test('denyPrivate and deny CIDRs refuse internal ranges; a deny CIDR wins over an allow CIDR', () => {
  const strict = destinationPolicy({ denyPrivate: true });
  for (const address of ['10.0.0.1', '172.31.255.255', '192.168.0.1', 'fc00::1'])
    denied(() => strict.check('h', 443, [address]));
  const both = destinationPolicy({ allowCidrs: ['10.0.0.0/8'], denyCidrs: ['10.9.0.0/16'] });
  both.check('h', 443, ['10.1.0.1']);
  denied(() => both.check('h', 443, ['10.9.0.1']));
});

test('an allow list admits only its CIDRs, loopback included when named (tests, the demo)', () => {
  const policy = destinationPolicy({ allowCidrs: ['127.0.0.0/8'] });
  policy.check('localhost', 443, ['127.0.0.1']);
  denied(() => policy.check('h', 443, ['93.184.216.34']));
});

test("orchd's own listen endpoints are never a destination, even when allowed", () => {
  const policy = destinationPolicy({
    allowCidrs: ['127.0.0.0/8'],
    ownEndpoints: [{ address: '127.0.0.1', port: 8080 }],
  });
  denied(() => policy.check('h', 8080, ['127.0.0.1']));
  denied(() => policy.check('h', 8080, ['::ffff:127.0.0.1']));
  policy.check('h', 8443, ['127.0.0.1']);
  policy.check('h', 8080, ['127.0.0.2']);
});

test('host and port allow lists, with *.suffix for subdomains; null addresses judge only those', () => {
  const policy = destinationPolicy({
    allowHosts: ['images.example.com', '*.cdn.example.net'],
    allowPorts: [443, 8443],
  });
  policy.check('images.example.com', 443, ['93.184.216.34']);
  policy.check('eu.cdn.example.net', 8443, null);
  denied(() => policy.check('cdn.example.net', 443, null));
  denied(() => policy.check('evil.example.org', 443, ['93.184.216.34']));
  denied(() => policy.check('images.example.com', 22, ['93.184.216.34']));
});

test('parseCidr takes addresses and blocks of both families and names a bad entry', () => {
  assert.deepEqual(parseCidr('10.0.0.0/8'), ['10.0.0.0', 8, 'ipv4']);
  assert.deepEqual(parseCidr('::1'), ['::1', 128, 'ipv6']);
  assert.throws(() => parseCidr('10.0.0.0/33'), /"10.0.0.0\/33" has an invalid prefix length \(0-32\)/);
  assert.throws(() => parseCidr('example.com/8'), /not an IP address or CIDR block/);
  assert.throws(() => parseCidr('10.0.0.0/8x'), /invalid prefix length/);
});
