import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { reporters } from "../../vitest.shared.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

// Unit tests of pure UI logic (no browser). Browser tests: vitest.e2e.config.ts.
export default defineConfig({
  resolve: { conditions: ["source"], alias: { "@policies": `${repoRoot}policies` } },
  test: { include: ["src/**/*.test.ts"], environment: "node", reporters: reporters("authoring") },
});
