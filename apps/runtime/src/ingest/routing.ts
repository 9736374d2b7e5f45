/**
 * Which policies see which events. A policy accepts the event types it declares
 * (`policy.eventTypes`; none declared means any type) and the types its standards use.
 */
import type { CompiledPolicy } from "@yardstick/engine";

const used = new WeakMap<CompiledPolicy, Set<string>>();

/** True when `policy` should receive events of `type`. */
export function accepts(policy: CompiledPolicy, type: string): boolean {
  if (policy.eventTypes.size === 0 || policy.eventTypes.has(type)) return true;
  let types = used.get(policy);
  if (!types) used.set(policy, (types = new Set(policy.standards.flatMap((s) => [...s.events]))));
  return types.has(type);
}

/** True when the policy keeps cross-subject state (escalation standards aggregate over subjects). */
export function needsShared(policy: CompiledPolicy): boolean {
  return policy.standards.some((s) => s.kind === "escalation");
}
