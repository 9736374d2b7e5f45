import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

// Unit tests of pure UI logic (no browser). Browser tests: vitest.e2e.config.ts.
export default defineConfig({
  resolve: { conditions: ["source"], alias: { "@policies": `${repoRoot}policies` } },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
