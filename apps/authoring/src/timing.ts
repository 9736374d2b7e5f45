/**
 * User Timing marks for the benchmark and the browser's dev tools. Only the latest
 * entry per name is kept, so a long editing session does not pile them up; the
 * benchmark collects them with a PerformanceObserver as they come.
 */
export function measureSince(name: string, start: number): void {
  performance.clearMeasures(name);
  performance.measure(name, { start });
}

/** A duration measured elsewhere (in a worker, whose clock has another origin), ending now. */
export function measureDuration(name: string, ms: number): void {
  performance.clearMeasures(name);
  performance.measure(name, { start: performance.now() - ms, duration: ms });
}
