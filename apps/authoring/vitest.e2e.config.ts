import { defineConfig } from "vitest/config";

// Browser tests (*.e2e.ts): real Chromium against the built app, served by `vite
// preview` and by the real runtime. `npm run test:e2e` builds first.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Two cores: one browser at a time.
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: "../../.ci/out/authoring-e2e.json" }], "./e2e/support/summary-reporter.ts"],
  },
});
