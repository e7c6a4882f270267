#!/usr/bin/env node
/** orch-cli: the operator's command line. Only its help exists in this release. */
const HELP = `orch-cli: edge-orch's operator command line.

Usage: orch-cli <command> [options]

The commands (create|list|get|delete osprofile, host import, ...) arrive in a later release.
Until then, use orchd's REST API directly, for example:

  curl -H "Authorization: Bearer $ORCH_TOKEN" http://127.0.0.1:8080/v1/projects/default/compute/os
`;
process.stdout.write(HELP);
process.exit(process.argv.length > 2 && !['-h', '--help', 'help'].includes(process.argv[2] ?? '') ? 1 : 0);
