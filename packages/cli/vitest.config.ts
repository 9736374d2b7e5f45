import { defineConfig } from "vitest/config";
import { reporters } from "../../vitest.shared.js";

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    include: ["test/**/*.test.ts"],
    // The tests run the real binary, which imports the built dist/: build it once first.
    globalSetup: ["./test/build.global.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: reporters("cli"),
  },
});
