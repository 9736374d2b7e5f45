import { defineConfig } from "vitest/config";
import { reporters } from "../../vitest.shared.js";

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    include: ["test/**/*.test.ts"],
    // The crash test spawns the built server (dist/), which imports the engine's dist/.
    globalSetup: ["./test/build.global.ts"],
    // PGlite's first open runs initdb (~3 s); PostgreSQL tests share the machine's server.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files share one PostgreSQL: each uses its own schema, but CPU is scarce (2 cores).
    fileParallelism: false,
    reporters: reporters("runtime"),
  },
});
