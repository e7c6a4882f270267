/**
 * @module
 * A real `orchd serve` on loopback for validation tests, with a scratch folder in `dir` and the
 * first admin token captured from its once-only message.
 */
import { join } from 'node:path';
import {
  createLogger,
  serve,
  type RunningServer,
  type ServeOptions,
} from '../../../src/server/compose-orchd.js';

/** `orchd serve` on SQLite in `dir`, one validation at a time; `overrides` adds flags such as `destinations`. */
export async function serveForValidation(
  dir: string,
  instanceId: string,
  overrides: Partial<ServeOptions> = {},
): Promise<{ orchd: RunningServer; token: string }> {
  let token = '';
  const orchd = await serve({
    listen: '127.0.0.1:0',
    database: `sqlite:${join(dir, 'orch.db')}`,
    releaseServiceUrl: 'https://files-rs.example.test',
    validationConcurrency: 1,
    scratchDir: join(dir, 'scratch'),
    instanceId,
    print: (text) => {
      token = /ORCH_TOKEN=(\S+)/.exec(text)?.[1] ?? token;
    },
    logger: createLogger('silent'),
    ...overrides,
  });
  return { orchd, token };
}
