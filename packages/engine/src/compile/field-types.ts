/**
 * The declared types of event data fields (`events.<type>.data.<field>.type`), read
 * once per compile, and the types a condition over some event types may rely on.
 */
import type { PolicyDoc } from "../types.js";
import type { DataTypes, FieldType } from "../conditions/field-types.js";

/** Declared field types by event type (event types and fields are user text: Maps). */
export type DeclaredFieldTypes = ReadonlyMap<string, ReadonlyMap<string, FieldType>>;

/**
 * The declared types of a policy's event data; a field described by text only has none.
 * @example declaredFieldTypes(doc).get("cash.withdrawn")?.get("amount") // "number"
 */
export function declaredFieldTypes(policy: PolicyDoc): DeclaredFieldTypes {
  const out = new Map<string, Map<string, FieldType>>();
  for (const [type, decl] of Object.entries(policy.events ?? {})) {
    const fields = new Map<string, FieldType>();
    for (const [field, spec] of Object.entries(decl.data ?? {})) {
      if (spec !== null && typeof spec === "object" && typeof (spec as { type?: unknown }).type === "string") fields.set(field, (spec as { type: FieldType }).type);
    }
    if (fields.size > 0) out.set(type, fields);
  }
  return out;
}

/**
 * What a condition reading the data of any of `events` may rely on: the fields declared
 * with the same type in every one of them (a field untyped in one of them is unchecked).
 * Undefined when nothing is typed.
 */
export function dataTypesOf(declared: DeclaredFieldTypes, events: readonly string[]): DataTypes | undefined {
  const distinct = [...new Set(events)];
  const first = distinct[0];
  if (first === undefined) return undefined;
  const fields = new Map<string, FieldType>();
  for (const [field, type] of declared.get(first) ?? []) {
    if (distinct.every((e) => declared.get(e)?.get(field) === type)) fields.set(field, type);
  }
  if (fields.size === 0) return undefined;
  return { events: distinct.map((e) => `"${e}"`).join(" and "), fields };
}
