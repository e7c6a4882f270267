import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectRequestHead } from './proxy-tunnel.js';

test('the CONNECT head carries Basic proxy credentials from the proxy URL', () => {
  assert.equal(
    connectRequestHead('images.example.com:443', new URL('http://proxy:3128')),
    'CONNECT images.example.com:443 HTTP/1.1\r\nHost: images.example.com:443\r\n\r\n',
  );
  const withAuth = connectRequestHead('[::1]:8443', new URL('http://us%40r:p%3Ass@proxy:3128'));
  assert.match(withAuth, /^CONNECT \[::1\]:8443 HTTP\/1\.1\r\n/);
  assert.ok(
    withAuth.includes(`Proxy-Authorization: Basic ${Buffer.from('us@r:p:ss').toString('base64')}\r\n`),
  );
});
