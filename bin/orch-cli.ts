#!/usr/bin/env node
/** orch-cli: the operator's command line. Everything lives in src/cli; this only runs it. */
import { nodeCliIo } from '../src/cli/node-cli-io.js';
import { runCli } from '../src/cli/program.js';

process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
