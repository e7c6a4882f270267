import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient } from '../api-client/api-client.js';
import { CliError, EXIT } from '../cli-error.js';
import type { ValidationProgressDisplay } from './validation-progress.js';
import { waitForValidation } from './wait-for-validation.js';

/** A client whose validation stream sends `body` (once; a second open fails the test). */
function oneStream(body: string) {
  const opened: string[] = [];
  const client: ApiClient = {
    baseUrl: 'http://orchd.test',
    request: async () => {
      throw new Error('no plain requests here');
    },
    openStream: async (path) => {
      opened.push(path);
      if (opened.length > 1) throw new Error('the stream was opened again');
      return {
        status: 200,
        body: (async function* () {
          yield new TextEncoder().encode(body);
        })(),
        text: async () => '',
      };
    },
  };
  return { client, opened };
}

test('a validation stream that ends with `end` (no job) exits 1 with its message, without reconnecting', async () => {
  const { client, opened } = oneStream(
    'event: validation\ndata: {"jobId":null,"state":"pending","progress":null}\n\n' +
      'event: end\ndata: {"reason":"NO_VALIDATION_JOB","message":"OS profile os-1 has no validation job; start one with POST …/validate"}\n\n',
  );
  const shown: string[] = [];
  let stopped = false;
  const display: ValidationProgressDisplay = {
    show: (view) => void shown.push(view.state),
    stop: () => void (stopped = true),
  };
  await assert.rejects(waitForValidation({ client, project: 'p', resourceId: 'os-1', display }), (error) => {
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, EXIT.failed);
    assert.equal(error.message, 'OS profile os-1 has no validation job; start one with POST …/validate');
    return true;
  });
  assert.deepEqual(opened, ['/v1/projects/p/compute/os/os-1/validation/events']);
  assert.deepEqual(shown, ['pending']);
  assert.equal(stopped, true);
});
