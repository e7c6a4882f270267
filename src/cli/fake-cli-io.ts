/**
 * @module
 * A {@link CliIo} for unit tests, beside the interface: its config file in a folder the test
 * owns, not a terminal, and orchd answering every request 404 NotFound, unless the test says
 * otherwise. What the command prints is kept.
 */
import { join } from 'node:path';
import type { CliIo } from './cli-io.js';

const NOT_FOUND = '{"code":"NotFound","message":"not here"}';

/** The fake io and what was printed on it. */
export interface FakeCliIo {
  readonly io: CliIo;
  out(): string;
  err(): string;
}

/**
 * An io whose config file is `<home>/config.yaml`, with the token `eo_example`, stdin empty and
 * not a terminal, every prompt answered "n" and every request (plain or event stream) answered
 * 404; `overrides` replace any of these (a transport that records, a terminal, a clock).
 */
export function fakeCliIo(home: string, overrides: Partial<CliIo> = {}): FakeCliIo {
  let out = '';
  let err = '';
  const io: CliIo = {
    env: { ORCH_CLI_CONFIG: join(home, 'config.yaml'), ORCH_TOKEN: 'eo_example' },
    home,
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    stdinIsTTY: false,
    readStdin: async () => '',
    ask: async () => 'n',
    now: () => new Date(),
    transport: () => async () => ({ status: 404, text: NOT_FOUND }),
    streamTransport: () => async () => ({
      status: 404,
      body: (async function* () {})(),
      text: async () => NOT_FOUND,
    }),
    ...overrides,
  };
  return { io, out: () => out, err: () => err };
}
