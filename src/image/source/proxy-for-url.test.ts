import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassesProxy, proxyForUrl } from './proxy-for-url.js';

const url = (text: string): URL => new URL(text);

test('https_proxy / HTTPS_PROXY apply to https:// URLs, lowercase first', () => {
  assert.equal(
    proxyForUrl(url('https://img.example.com/a'), { HTTPS_PROXY: 'http://p:3128' })?.href,
    'http://p:3128/',
  );
  assert.equal(
    proxyForUrl(url('https://img.example.com/a'), { https_proxy: 'http://low:1', HTTPS_PROXY: 'http://up:2' })
      ?.host,
    'low:1',
  );
  assert.equal(
    proxyForUrl(url('https://img.example.com/a'), { HTTPS_PROXY: 'proxy.lan:8080' })?.href,
    'http://proxy.lan:8080/',
  );
  assert.equal(proxyForUrl(url('https://img.example.com/a'), {}), undefined);
  assert.equal(proxyForUrl(url('https://img.example.com/a'), { HTTPS_PROXY: '  ' }), undefined);
  assert.equal(
    proxyForUrl(url('http://img.example.com/a'), { HTTPS_PROXY: 'http://p:1', http_proxy: 'http://p:1' }),
    undefined,
  );
});

test('NO_PROXY bypasses the proxy for matching hosts', () => {
  const env = { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'internal.lan, 10.0.0.0/8 ,127.0.0.1' };
  assert.equal(proxyForUrl(url('https://mirror.internal.lan/a'), env), undefined);
  assert.equal(proxyForUrl(url('https://10.1.2.3/a'), env), undefined);
  assert.equal(proxyForUrl(url('https://127.0.0.1:4431/a'), env), undefined);
  assert.equal(proxyForUrl(url('https://example.com/a'), env)?.host, 'p:3128');
  assert.equal(proxyForUrl(url('https://example.com/a'), { ...env, no_proxy: '*' }), undefined);
});

test('NO_PROXY entries: exact, suffix on a label boundary, leading dot, wildcard, port, IPv6, CIDR', () => {
  assert.equal(bypassesProxy(url('https://example.com/'), 'example.com'), true);
  assert.equal(bypassesProxy(url('https://a.b.example.com/'), 'example.com'), true);
  assert.equal(bypassesProxy(url('https://badexample.com/'), 'example.com'), false);
  assert.equal(bypassesProxy(url('https://a.example.com/'), '.example.com'), true);
  assert.equal(bypassesProxy(url('https://example.com/'), '.example.com'), true);
  assert.equal(bypassesProxy(url('https://a.example.com/'), '*.example.com'), true);
  assert.equal(bypassesProxy(url('https://anything/'), '*'), true);
  assert.equal(bypassesProxy(url('https://example.com:8443/'), 'example.com:8443'), true);
  assert.equal(bypassesProxy(url('https://example.com/'), 'example.com:8443'), false);
  assert.equal(bypassesProxy(url('https://example.com/'), 'example.com:443'), true);
  assert.equal(bypassesProxy(url('https://[::1]:4431/'), '::1'), true);
  assert.equal(bypassesProxy(url('https://[::1]:4431/'), '[::1]:4431'), true);
  assert.equal(bypassesProxy(url('https://[fd00::5]/'), 'fd00::/8'), true);
  assert.equal(bypassesProxy(url('https://192.168.1.9/'), '192.168.0.0/16'), true);
  assert.equal(bypassesProxy(url('https://192.169.1.9/'), '192.168.0.0/16'), false);
  assert.equal(bypassesProxy(url('https://10.0.0.1/'), '10.0.0.10'), false);
  assert.equal(bypassesProxy(url('https://10.0.0.1/'), '10.0.0.0/99'), false);
  assert.equal(bypassesProxy(url('https://EXAMPLE.com/'), 'Example.COM'), true);
  assert.equal(bypassesProxy(url('https://example.com/'), ''), false);
});
