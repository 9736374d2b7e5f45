import { testConfigWithBuild } from "../../vitest.shared.js";

export default testConfigWithBuild("runtime", {
  // Files share one PostgreSQL: each uses its own schema, but CPU is scarce (2 cores).
  fileParallelism: false,
});
