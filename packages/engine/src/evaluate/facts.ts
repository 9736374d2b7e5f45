import type { NormalizedEvent } from "../types.js";
import type { Facts } from "./model.js";

/** Subject facts: the merged data of a subject's events, in time order, without prototype keys. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** Shallow-merges `data` into `facts` in place, skipping prototype keys. */
export function mergeFacts(facts: Record<string, unknown>, data: Record<string, unknown>): void {
  for (const k of Object.keys(data)) {
    if (FORBIDDEN.has(k)) continue;
    facts[k] = data[k];
  }
}

/** What a condition sees for one event: its data, the event itself, the subject's facts. */
export function eventFacts(ev: NormalizedEvent, subject: Record<string, unknown>): Facts {
  return { data: ev.data, event: { id: ev.id, type: ev.type, subject: ev.subject, time: ev.time }, subject };
}
