import { describe, expect, it } from "vitest";
import { policySchema } from "@yardstick/engine";
import { forEditor } from "./editor-schema.js";

describe("forEditor", () => {
  it("keeps a referring property's own description for hover", () => {
    const s = forEditor({ a: [{ $ref: "#/x", description: "own words" }], b: { description: "plain" } });
    expect(s).toEqual({ a: [{ $ref: "#/x", description: "own words", markdownDescription: "own words" }], b: { description: "plain" } });
  });

  it("leaves the engine's schema otherwise unchanged", () => {
    const s = forEditor(policySchema) as { definitions: { timing: { properties: { within: unknown } } } };
    expect(s.definitions.timing.properties.within).toEqual({
      $ref: "#/definitions/duration",
      description: "The time limit, inclusive: an elapsed time equal to it is met.",
      markdownDescription: "The time limit, inclusive: an elapsed time equal to it is met.",
    });
    const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === "markdownDescription" ? undefined : v)));
    expect(strip(s)).toEqual(policySchema);
  });
});
