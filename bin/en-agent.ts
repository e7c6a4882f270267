#!/usr/bin/env node
/** en-agent: runs on an edge node during provisioning. Only its help exists in this release. */
const HELP = `en-agent: edge-orch's edge node agent (onboards the node, writes and lays out its disk).

Usage: en-agent <command> [options]

The agent's commands arrive in a later release; this build only prints this help.
`;
process.stdout.write(HELP);
process.exit(process.argv.length > 2 && !['-h', '--help', 'help'].includes(process.argv[2] ?? '') ? 1 : 0);
