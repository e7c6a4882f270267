import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpTransport } from '../../api-client/http-transport.js';
import { fakeCliIo } from '../../fake-cli-io.js';
import { runCli } from '../../program.js';

/** An io on a terminal whose answer to the prompt is `answer`, over a fake orchd. */
function terminalIo(answer: string, deleteAnswer: { status: number; text: string }) {
  const calls: string[] = [];
  const questions: string[] = [];
  const transport: HttpTransport = async (method, url) => {
    calls.push(`${method} ${url.pathname}`);
    if (method === 'DELETE') return deleteAnswer;
    return { status: 200, text: JSON.stringify({ resourceId: 'os-0000000a', name: 'lab' }) };
  };
  const fake = fakeCliIo('/nonexistent/orch-cli', {
    stdinIsTTY: true,
    ask: async (question) => {
      questions.push(question);
      return answer;
    },
    transport: () => transport,
  });
  return { ...fake, calls, questions };
}

test('on a terminal delete asks; "y" deletes, anything else aborts without a DELETE', async () => {
  const yes = terminalIo('y', { status: 204, text: '' });
  assert.equal(await runCli(['os-profile', 'delete', 'os-0000000a'], yes.io), 0);
  assert.deepEqual(yes.questions, ['Delete OS profile "lab" (os-0000000a)? [y/N] ']);
  assert.deepEqual(yes.calls, [
    'GET /v1/projects/default/compute/os/os-0000000a',
    'DELETE /v1/projects/default/compute/os/os-0000000a',
  ]);
  assert.equal(yes.out(), 'OS profile "lab" (os-0000000a) deleted\n');
  const no = terminalIo('', { status: 204, text: '' });
  assert.equal(await runCli(['delete', 'osp', 'os-0000000a'], no.io), 1);
  assert.equal(no.err(), 'error: aborted: OS profile "lab" (os-0000000a) was not deleted\n');
  assert.ok(!no.calls.some((c) => c.startsWith('DELETE')));
  const flagged = terminalIo('n', { status: 204, text: '' });
  assert.equal(await runCli(['delete', 'osp', 'os-0000000a', '--yes'], flagged.io), 0);
  assert.deepEqual(flagged.questions, [], '--yes never asks');
});

test("a profile in use: orchd's message, then the hosts, exit 1", async () => {
  const inUse = terminalIo('y', {
    status: 409,
    text: JSON.stringify({
      code: 'FailedPrecondition',
      message: 'OS profile "lab" (os-0000000a) is used by 1 host: host-0000000b (edge-1)',
      details: { hosts: [{ resourceId: 'host-0000000b', name: 'edge-1' }] },
    }),
  });
  assert.equal(await runCli(['os-profile', 'delete', 'os-0000000a', '--yes'], inUse.io), 1);
  assert.equal(
    inUse.err(),
    'error: OS profile "lab" (os-0000000a) is used by 1 host: host-0000000b (edge-1)\nhosts using it:\n  host-0000000b (edge-1)\n',
  );
});
