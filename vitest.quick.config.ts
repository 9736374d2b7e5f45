/**
 * The quick tier (`npm run test:quick`): engine unit tests without the heavy property
 * suites (YARDSTICK_QUICK=1, see packages/engine/vitest.config.ts), the CLI's tests and
 * the authoring app's unit tests, in one vitest run so that they share the workers.
 * The full tier is `npm test`.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { projects: ["packages/engine", "packages/cli", "apps/authoring"] },
});
