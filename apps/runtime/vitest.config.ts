import { testConfigWithBuild } from "../../vitest.shared.js";

export default testConfigWithBuild("runtime", {
  // build.global.ts builds dist/ for the crash test; postgres.global.ts finds or starts PostgreSQL.
  globalSetup: ["./test/build.global.ts", "./test/postgres.global.ts"],
  // Files share one PostgreSQL: each uses its own schema, but CPU is scarce (2 cores).
  fileParallelism: false,
});
