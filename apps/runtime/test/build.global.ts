/** The crash test spawns the built server (dist/server.js → the engine's dist/): build both first. */
import { buildForTests } from "../../../vitest.shared.js";

export default function setup(): void {
  buildForTests(new URL("..", import.meta.url), {
    // An engine mid-edit: the in-process tests use its sources anyway; only the spawned
    // server needs dist/, and an older one still runs it.
    staleEngineOk: "runtime tests: the engine does not build now; the crash test uses its existing dist/",
  });
}
