/**
 * The CLI tests run the real binary (bin/yardstick.js → dist/): build the CLI, and the
 * engine when its dist/ is stale. Every test runs the engine's dist/, so an engine that
 * does not build is an error here.
 */
import { buildForTests } from "../../../vitest.shared.js";

export default function setup(): void {
  buildForTests(new URL("..", import.meta.url));
}
