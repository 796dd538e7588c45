#!/usr/bin/env node
/**
 * The `statuslint` executable. `--version` is answered before anything else loads:
 * the full CLI imports commander, every parser, rule and formatter (≈300 ms of CPU on
 * the shared bench box), which a version check, run by scripts and package managers,
 * should not pay. Everything else loads the CLI as before.
 */
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // report/build.js has only type imports: loading it loads nothing else
  const { TOOL_VERSION } = await import('./report/build.js');
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  await import('./cli.js');
}
