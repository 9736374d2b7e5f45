#!/usr/bin/env node
// The `yardstick` command. All of it lives in ../dist (built from ../src).
let cli;
try {
  cli = await import("../dist/index.js");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND") throw err;
  process.stderr.write(`yardstick: not built yet (${err.message.split("\n")[0]}); run: npm run build -w @yardstick/engine -w @yardstick/cli\n`);
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
