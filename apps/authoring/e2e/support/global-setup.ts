/**
 * Starts what the browser tests need, once: `vite preview` of the build, and the real
 * runtime with a manager and an auditor key.
 */
import type { TestProject } from "vitest/node";
import { createKey, startPreview, startRuntime } from "./servers.js";

declare module "vitest" {
  export interface ProvidedContext {
    previewUrl: string;
    runtimeUrl: string | null;
    runtimeError: string | null;
    managerKey: string;
    auditorKey: string;
    serviceKey: string;
  }
}

export default async function setup(project: TestProject) {
  const preview = await startPreview();
  project.provide("previewUrl", preview.url);
  let stopRuntime = async () => {};
  try {
    const runtime = await startRuntime();
    stopRuntime = runtime.stop;
    project.provide("runtimeUrl", runtime.url);
    project.provide("runtimeError", null);
    project.provide("managerKey", await createKey(runtime, "manager", "e2e manager"));
    project.provide("auditorKey", await createKey(runtime, "auditor", "e2e auditor"));
    project.provide("serviceKey", await createKey(runtime, "service", "e2e pos"));
  } catch (e) {
    // The runtime tests fail with this message; the rest still run.
    project.provide("runtimeUrl", null);
    project.provide("runtimeError", (e as Error).message);
    project.provide("managerKey", "");
    project.provide("auditorKey", "");
    project.provide("serviceKey", "");
  }
  return async () => {
    await stopRuntime();
    await preview.close();
  };
}
