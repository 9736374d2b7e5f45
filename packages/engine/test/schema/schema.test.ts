import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { policySchema, validatePolicyDocument } from "../../src/index.js";

const POLICIES = resolve(import.meta.dirname, "../../../../policies");

/** Every property the schema declares, with the pointer where it is declared. */
function properties(node: unknown, pointer: string, out: Array<[string, any]>): void {
  if (!node || typeof node !== "object") return;
  const n = node as Record<string, any>;
  if (n.properties && typeof n.properties === "object") {
    // `if` clauses only test a value; they declare no field.
    if (!pointer.endsWith("/if")) for (const [k, v] of Object.entries(n.properties)) out.push([`${pointer}/properties/${k}`, v]);
  }
  for (const [k, v] of Object.entries(n)) properties(v, `${pointer}/${k}`, out);
}

function described(schema: any, prop: any): boolean {
  if (prop === true) return true; // re-declared in a kind's branch; described in standardCommon
  if (typeof prop?.description === "string" && prop.description.length > 0) return true;
  const ref = typeof prop?.$ref === "string" ? prop.$ref.replace("#/definitions/", "") : null;
  return ref !== null && typeof schema.definitions[ref]?.description === "string";
}

describe("the published policy schema", () => {
  it("describes every field (the editor shows descriptions as hover docs)", () => {
    const props: Array<[string, any]> = [];
    properties(policySchema, "", props);
    expect(props.length).toBeGreaterThan(40);
    expect(props.filter(([, p]) => !described(policySchema, p)).map(([ptr]) => ptr)).toEqual([]);
  });

  it("validates every shipped policy", () => {
    const files = readdirSync(POLICIES).filter((f) => f.endsWith(".policy.json"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect([f, validatePolicyDocument(JSON.parse(readFileSync(join(POLICIES, f), "utf8")))]).toEqual([f, []]);
  });
});

describe("the scenario schema", () => {
  it("validates every shipped scenario file", async () => {
    const { default: AjvImport } = await import("ajv");
    const Ajv = ((AjvImport as any).default ?? AjvImport) as any;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(resolve(import.meta.dirname, "../../schema/scenario.schema.json"), "utf8")));
    const files = readdirSync(POLICIES).filter((f) => f.endsWith(".test.json"));
    for (const f of files) {
      validate(JSON.parse(readFileSync(join(POLICIES, f), "utf8")));
      expect([f, validate.errors ?? []]).toEqual([f, []]);
    }
  });
});
