/**
 * `node dist/server.js`: reads the environment, builds the runtime and listens.
 * SIGTERM/SIGINT close it cleanly (in-flight event transactions finish first).
 */
import type { AddressInfo } from "node:net";
import { createRuntime } from "./app.js";
import { DataDirLockedError } from "./db/data-dir-lock.js";
import { ConfigError, readEnv } from "./env.js";
import { createLogger } from "./observability/logger.js";

async function main(): Promise<void> {
  let config;
  try {
    config = readEnv();
  } catch (err) {
    if (err instanceof ConfigError) return fail(`yardstick runtime: ${err.message}`);
    throw err;
  }
  const logger = createLogger(config.log);
  let runtime;
  try {
    runtime = await createRuntime(config, { logger });
  } catch (err) {
    if (err instanceof DataDirLockedError) return fail(`yardstick runtime: ${err.message}`);
    throw err;
  }
  if (runtime.generatedAdminKey) {
    // Shown once: only its hash is stored.
    process.stderr.write(`\nYardstick admin key (shown once, store it now; set YARDSTICK_ADMIN_KEY to choose your own):\n  ${runtime.generatedAdminKey}\n\n`);
  }
  const server = runtime.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  }).catch((err: NodeJS.ErrnoException) => {
    void runtime.close();
    fail(`yardstick runtime: cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`);
  });
  if (!server.listening) return;
  const { port } = server.address() as AddressInfo;
  logger.info("listening", { url: `http://${config.host}:${port}/`, database: config.database.kind, pid: process.pid });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    server.close();
    server.closeIdleConnections();
    void runtime.close().then(
      () => process.exit(0),
      (err) => {
        logger.error("close failed", { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`yardstick runtime: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
