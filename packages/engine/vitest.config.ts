import { defineConfig } from "vitest/config";
import { reporters } from "../../vitest.shared.js";

/**
 * Property suites with many generated runs: the full tier (`npm test`, CI) runs them;
 * the quick tier (`npm run test:quick`, YARDSTICK_QUICK=1) leaves them out.
 */
const HEAVY_PROPERTIES = [
  "test/conditions/differential.test.ts",
  "test/escalation/arrival-order.test.ts",
  "test/escalation/generated.test.ts",
  "test/escalation/whole-file.test.ts",
  "test/properties/arrival-order.test.ts",
  "test/queue/arrival-order.test.ts",
  "test/reference/rule-agreement.test.ts",
];

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: process.env.YARDSTICK_QUICK === "1" ? HEAVY_PROPERTIES : [],
    testTimeout: 120_000,
    reporters: reporters("engine"),
  },
});
