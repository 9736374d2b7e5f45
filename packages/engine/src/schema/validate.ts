/**
 * The published JSON Schema for policy documents (schema/policy.schema.json), and its
 * validation with ajv. Schema problems come back as `schema_invalid` diagnostics with
 * the JSON pointer of the offending field.
 */
import AjvImport from "ajv";
import schemaJson from "../../schema/policy.schema.json" with { type: "json" };
import type { Diagnostic } from "../types.js";
import { sortDiagnostics } from "../diagnostics-sort.js";

/** The policy JSON Schema (draft-07), as loaded by the web editor. */
export const policySchema: Readonly<Record<string, unknown>> = schemaJson;

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };
type ValidateFn = ((doc: unknown) => boolean) & { errors?: AjvError[] | null };

const Ajv = ((AjvImport as unknown as { default?: unknown }).default ?? AjvImport) as new (o: object) => {
  compile(s: object): ValidateFn;
};

let validator: ValidateFn | null = null;

function getValidator(): ValidateFn {
  // Compiled lazily so importing the engine stays cheap.
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(policySchema);
  return validator;
}

/**
 * Validates a policy document against the schema.
 * Code `schema_invalid` (error): the document does not match the schema.
 */
export function validatePolicyDocument(doc: unknown): Diagnostic[] {
  const validate = getValidator();
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    // oneOf/anyOf/if wrappers repeat the inner errors: keep the specific ones.
    if (e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if" || e.keyword === "allOf") continue;
    const message = describe(e);
    const key = `${e.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: "schema_invalid", severity: "error", message, path: e.instancePath });
  }
  if (out.length === 0) out.push({ code: "schema_invalid", severity: "error", message: "document does not match the policy schema", path: "" });
  return sortDiagnostics(out);
}

function describe(e: AjvError): string {
  const where = e.instancePath === "" ? "document" : e.instancePath;
  switch (e.keyword) {
    case "additionalProperties":
      return `${where}: unknown property "${String(e.params.additionalProperty)}"`;
    case "required":
      return `${where}: missing required property "${String(e.params.missingProperty)}"`;
    case "enum":
      return `${where}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `${where}: ${e.message ?? "is invalid"}`;
  }
}
