import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { parseListenAddress } from './listen-address.js';

test('--listen accepts HOST:PORT, [IPv6]:PORT and a bare PORT', () => {
  assert.deepEqual(parseListenAddress('0.0.0.0:8080'), { host: '0.0.0.0', port: 8080 });
  assert.deepEqual(parseListenAddress('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseListenAddress('[::1]:9090'), { host: '::1', port: 9090 });
  assert.deepEqual(parseListenAddress('localhost:80'), { host: 'localhost', port: 80 });
  assert.deepEqual(parseListenAddress('8443'), { host: '0.0.0.0', port: 8443 });
  assert.deepEqual(parseListenAddress(':8080'), { host: '0.0.0.0', port: 8080 });
});

test('--listen refuses anything else with InvalidArgument naming the forms', () => {
  for (const bad of ['', 'host', 'host:', 'host:http', '1.2.3.4:65536', '::1:80', 'a:b:c', '[::1]']) {
    assert.throws(
      () => parseListenAddress(bad),
      (error) =>
        isOrchError(error, 'InvalidArgument') &&
        error.message === `--listen '${bad}' must be HOST:PORT, [IPv6]:PORT or PORT (0..65535)`,
      bad,
    );
  }
});
