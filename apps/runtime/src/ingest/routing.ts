/**
 * Which policies see which events. A policy accepts the event types it declares
 * (`policy.eventTypes`; none declared means any type) and the types its standards use.
 */
import { closestName, isPolicyScoped, type CompiledPolicy } from "@yardstick/engine";

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

/** An event type of a request that no active policy takes (issue 11 point 10: `call.answerd` was accepted silently). */
export interface UntakenType {
  type: string;
  /** Events of the request with this type. */
  events: number;
  /** The nearest type an active policy takes, when one is close (the engine's closestName). */
  didYouMean?: string;
}

/**
 * The types of `types` (type → events) that none of `policies` accepts, sorted, with a
 * did-you-mean from the types they do take. Such events are stored (another policy may
 * be activated for them later) but judged by nothing, which the sender should know.
 */
export function untakenTypes(types: ReadonlyMap<string, number>, policies: readonly CompiledPolicy[]): UntakenType[] {
  const out: UntakenType[] = [];
  let known: string[] | null = null;
  for (const [type, events] of [...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (policies.some((p) => accepts(p, type))) continue;
    known ??= [...new Set(policies.flatMap((p) => [...p.eventTypes, ...p.standards.flatMap((s) => [...s.events])]))];
    const near = closestName(type, known);
    out.push({ type, events, ...(near === null ? {} : { didYouMean: near }) });
  }
  return out;
}
