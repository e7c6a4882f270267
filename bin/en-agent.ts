#!/usr/bin/env node
/** en-agent: runs on an edge node during provisioning. Everything lives in src/agent; this only runs it. */
import { runAgentCli } from '../src/agent/cli/agent-program.js';

process.exitCode = await runAgentCli(process.argv.slice(2));
