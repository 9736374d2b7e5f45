/**
 * The one registry of standard kinds. Adding a kind = a folder `kinds/<name>/` exporting
 * a StandardKind, one line in DEFAULT_KINDS, and its definition in the published schema
 * (schema/policy.schema.json). test/kinds/ checks that every registered kind implements
 * every part, and builds a registry with a toy kind to show that nothing else changes.
 */
import type { AnyKind } from "./kind.js";
import { timingKind } from "./timing/index.js";
import { queueKind } from "./queue/index.js";
import { escalationKind } from "./escalation/index.js";
import { ruleKind } from "./rule/index.js";

/** Kinds by name; built by `buildRegistry`, read-only. */
export interface KindRegistry {
  get(name: string): AnyKind | undefined;
  readonly kinds: readonly AnyKind[];
}

/** Builds a registry from a list of kinds; throws on two kinds with one name (a programming error). */
export function buildRegistry(kinds: readonly AnyKind[]): KindRegistry {
  const byName = new Map<string, AnyKind>();
  for (const k of kinds) {
    if (byName.has(k.name)) throw new Error(`two standard kinds are named "${k.name}"`);
    byName.set(k.name, k);
  }
  return Object.freeze({ get: (name: string) => byName.get(name), kinds: Object.freeze([...kinds]) });
}

/** The kinds of the engine. */
export const DEFAULT_KINDS: readonly AnyKind[] = [timingKind, queueKind, escalationKind, ruleKind];

export const kindRegistry: KindRegistry = buildRegistry(DEFAULT_KINDS);
