/**
 * Event types that no standard of a policy takes (issue 11 point 10): a replay on
 * `call.answerd` used to print nothing and exit 0. Still exit 0 (the events may be
 * meant for another policy), but say so on stderr, with a did-you-mean (the engine's
 * closestName, the same suggestion `check` gives).
 */
import { closestName, type CompiledPolicy, type PolicyDoc } from "@yardstick/engine";

/** Warning lines for the types in `types` (type → events) that no standard takes. */
export function unknownTypeWarnings(policy: CompiledPolicy, doc: PolicyDoc, types: ReadonlyMap<string, number>): string[] {
  const taken = new Set<string>();
  for (const std of policy.standards) for (const t of std.events) taken.add(t);
  // The policy's vocabulary first: that is what integrations are written against.
  const known = [...new Set([...Object.keys(doc.events ?? {}), ...taken])];
  const lines: string[] = [];
  for (const [type, n] of [...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (taken.has(type)) continue;
    const near = closestName(type, known.filter((k) => k !== type));
    const hint = near === null ? "" : ` (did you mean "${near}"?)`;
    const declared = Object.hasOwn(doc.events ?? {}, type) ? " (declared in its events, but no standard uses it)" : "";
    lines.push(`yardstick replay: warning: ${n} ${n === 1 ? "event" : "events"} of type "${type}": no standard of policy ${policy.id} takes this type${declared || hint}`);
  }
  return lines;
}
