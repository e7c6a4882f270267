import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUrl, createApiClient } from './api-client.js';
import type { HttpTransport } from './http-transport.js';
import { toApiError, type ApiError } from './api-error.js';

test('requests carry the bearer token and JSON; answers are parsed; 204 is undefined', async () => {
  const seen: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [];
  const transport: HttpTransport = async (method, url, headers, body) => {
    seen.push({ method, url: url.href, headers: { ...headers }, ...(body ? { body } : {}) });
    return method === 'DELETE' ? { status: 204, text: '' } : { status: 200, text: '{"ok":true}' };
  };
  const client = createApiClient({ baseUrl: 'http://h:1/base', token: 'eo_t', transport });
  assert.deepEqual(
    await client.request('POST', '/v1/x', { body: { a: 1 }, query: { q: 'a b', n: undefined } }),
    {
      ok: true,
    },
  );
  assert.equal(await client.request('DELETE', '/v1/x'), undefined);
  assert.equal(seen[0]!.url, 'http://h:1/base/v1/x?q=a+b');
  assert.equal(seen[0]!.headers['authorization'], 'Bearer eo_t');
  assert.equal(seen[0]!.headers['content-type'], 'application/json');
  assert.equal(seen[0]!.body, '{"a":1}');
  assert.equal(seen[1]!.headers['content-type'], undefined);
});

test('errors: orchd messages kept; 401 exits 3 with a login hint; hosts listed; no token and no network exit 3', async () => {
  const answer =
    (status: number, text: string): HttpTransport =>
    async () => ({ status, text });
  const call = (transport: HttpTransport, token: string | null = 'eo_t') =>
    createApiClient({ baseUrl: 'http://h:1', token: token ?? undefined, transport }).request('GET', '/v1/x');
  await assert.rejects(
    call(answer(409, '{"code":"AlreadyExists","message":"OS profile \\"x\\" already exists (os-1)"}')),
    (e: ApiError) => {
      assert.equal(e.message, 'OS profile "x" already exists (os-1)');
      assert.equal(e.code, 'AlreadyExists');
      assert.equal(e.exitCode, 1);
      return true;
    },
  );
  await assert.rejects(
    call(answer(401, '{"code":"Unauthenticated","message":"bad token"}')),
    (e: ApiError) => {
      assert.equal(e.exitCode, 3);
      assert.match(e.lines[0]!, /orch-cli login --token/);
      return true;
    },
  );
  const inUse = JSON.stringify({
    code: 'FailedPrecondition',
    message: 'OS profile "x" (os-1) is used by 2 hosts: host-1 (edge-a), host-2',
    details: {
      hosts: [
        { resourceId: 'host-1', name: 'edge-a' },
        { resourceId: 'host-2', name: '' },
      ],
    },
  });
  await assert.rejects(call(answer(409, inUse)), (e: ApiError) => {
    assert.deepEqual(e.lines, ['hosts using it:', '  host-1 (edge-a)', '  host-2']);
    assert.equal(e.exitCode, 1);
    return true;
  });
  assert.equal(toApiError(502, '<html>bad gateway</html>').message, 'orchd answered HTTP 502');
  await assert.rejects(call(answer(200, '{}'), null), { exitCode: 3, message: /^not logged in/ });
  const refused: HttpTransport = async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  };
  await assert.rejects(call(refused), {
    exitCode: 3,
    message: 'cannot reach orchd at http://h:1: connect ECONNREFUSED 127.0.0.1:1',
  });
});

test('api-endpoint must be an http(s) URL (usage error)', () => {
  assert.throws(() => buildUrl('orch.example.com', '/v1'), { exitCode: 2, message: /is not a URL/ });
  assert.throws(() => buildUrl('ftp://orch', '/v1'), {
    exitCode: 2,
    message: /must be an http:\/\/ or https:\/\/ URL/,
  });
});
