#!/usr/bin/env node
/**
 * The `statuslint` executable. `--version` is answered before anything else loads:
 * the full CLI imports commander, every parser, rule and formatter (≈300 ms of CPU on
 * the shared bench box), which a version check, run by scripts and package managers,
 * should not pay. Everything else caps V8's young generation (a process-wide setting, so
 * here and not in the library: see util/young-generation.ts) and loads the CLI.
 */
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // report/build.js has only type imports: loading it loads nothing else
  const { TOOL_VERSION } = await import('./report/build.js');
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  const { capYoungGeneration, NEW_SPACE_CAP_BYTES } = await import('./util/young-generation.js');
  capYoungGeneration(NEW_SPACE_CAP_BYTES);
  await import('./cli.js');
}
