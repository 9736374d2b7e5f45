/**
 * Which policies see which events. A policy accepts the event types it declares
 * (`policy.eventTypes`; none declared means any type) and the types its standards use.
 */
import { isPolicyScoped, type CompiledPolicy } from "@yardstick/engine";

const used = new WeakMap<CompiledPolicy, Set<string>>();

/** True when `policy` should receive events of `type`. */
export function accepts(policy: CompiledPolicy, type: string): boolean {
  if (policy.eventTypes.size === 0 || policy.eventTypes.has(type)) return true;
  let types = used.get(policy);
  if (!types) used.set(policy, (types = new Set(policy.standards.flatMap((s) => [...s.events]))));
  return types.has(type);
}

/** True when the policy has policy-scoped standards (escalation aggregates over subjects): their units live in shared_states. */
export function needsShared(policy: CompiledPolicy): boolean {
  return policy.standards.some(isPolicyScoped);
}
