/** Subject facts: the merged data of a subject's events, in time order, without prototype keys. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** Shallow-merges `data` into `facts` in place, skipping prototype keys. */
export function mergeFacts(facts: Record<string, unknown>, data: Record<string, unknown>): void {
  for (const k of Object.keys(data)) {
    if (FORBIDDEN.has(k)) continue;
    facts[k] = data[k];
  }
}
