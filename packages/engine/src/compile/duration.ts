/**
 * Kept for the kind modules that still import durations from here; the vocabulary
 * lives in ../vocabulary/duration.ts (import it from there).
 */
export { parseDuration, formatDuration } from "../vocabulary/duration.js";
