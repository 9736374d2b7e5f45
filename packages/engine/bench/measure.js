// Timing helpers shared by bench modules. `fn` does one pass of `opsPerPass` operations
// and returns something (kept in a sink so the work cannot be optimised away). Each
// measurement warms up first, collects garbage, then runs passes until `minMs` passed.
import { performance } from "node:perf_hooks";

let sink = 0;
const keep = (x) => {
  sink = (sink + (Array.isArray(x) ? x.length : x ? 1 : 0)) | 0;
};

/** Operations per second of a synchronous pass. */
export function measureSync(fn, opsPerPass, { warmupMs = 300, minMs = 1500 } = {}) {
  const until = (ms) => {
    let passes = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      keep(fn());
      passes++;
      now = performance.now();
    }
    return { passes, ms: now - start };
  };
  until(warmupMs);
  globalThis.gc?.();
  const { passes, ms } = until(minMs);
  return (passes * opsPerPass * 1000) / ms;
}

/** Operations per second of an asynchronous pass (passes run one after another). */
export async function measureAsync(fn, opsPerPass, { warmupMs = 300, minMs = 1500 } = {}) {
  const until = async (ms) => {
    let passes = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      keep(await fn());
      passes++;
      now = performance.now();
    }
    return { passes, ms: now - start };
  };
  await until(warmupMs);
  globalThis.gc?.();
  const { passes, ms } = await until(minMs);
  return (passes * opsPerPass * 1000) / ms;
}

/** For the paranoid reader: proves the sink was used. */
export function sinkValue() {
  return sink;
}
