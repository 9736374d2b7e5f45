/**
 * The engine's schema as the JSON language service should see it. The service copies
 * a `$ref`'s target over the referring property, so hover would show the generic
 * definition ("ISO 8601 duration…") instead of the property's own words ("The time
 * limit, inclusive…"). Hover and completion prefer `markdownDescription`, which the
 * definitions do not have: giving it to every referring property keeps its words.
 */

/**
 * A copy of the schema where each `{ "$ref", "description" }` also has a
 * `markdownDescription`.
 * @example forEditor({ properties: { within: { $ref: "#/definitions/duration", description: "The limit" } } })
 */
export function forEditor<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(forEditor) as T;
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = forEditor(v);
  if (typeof out.$ref === "string" && typeof out.description === "string" && out.markdownDescription === undefined) {
    out.markdownDescription = out.description;
  }
  return out as T;
}
