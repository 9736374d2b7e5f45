import { testConfigWithBuild } from "../../vitest.shared.js";

export default testConfigWithBuild("cli");
