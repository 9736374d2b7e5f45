import { describe, expect, it } from "vitest";
import { checkPolicyText, effectiveDecisions, replayEvents, runScenarios } from "@yardstick/engine";
import { scenariosFor, shippedPolicies } from "../editor/sources.js";
import { scenarioEvents } from "./event-input.js";
import { compileDraft, simulateDraft, testDraft } from "./simulation-job.js";

const restaurant = shippedPolicies().find((p) => p.name === "restaurant-dining")!.text;
const scenarios = scenariosFor("restaurant-dining")!;
const checked = checkPolicyText(restaurant);
if (!checked.ok) throw new Error("restaurant-dining does not check clean");

describe("simulateDraft (what the simulation worker runs)", () => {
  it("decides exactly what the engine's replay decides on the checked policy", () => {
    const c = scenarios.cases.find((x) => x.until) ?? scenarios.cases[0];
    const events = scenarioEvents(c, 0);
    const decisions = replayEvents(checked.policy, events, c.until ? { until: c.until } : {});
    const { ms, ...sim } = simulateDraft(restaurant, events, c.until);
    expect(sim).toEqual({ decisions, effective: effectiveDecisions(decisions) });
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("reports text that does not compile, and an engine fault, as a message", () => {
    expect(simulateDraft("{", [])).toEqual({ decisions: [], effective: [], ms: 0, error: "parse_invalid_json: invalid JSON: CloseBraceExpected" });
    const fault = simulateDraft(restaurant, [], "not a time");
    expect([fault.decisions, fault.effective, typeof fault.error]).toEqual([[], [], "string"]);
  });

  it("compiles a text once while only the events change", () => {
    expect(compileDraft(restaurant)).toBe(compileDraft(restaurant));
    expect(compileDraft('{"id":"x"}')).toEqual({ ok: false, error: expect.stringMatching(/^schema_/) });
  });
});

describe("testDraft", () => {
  it("runs the scenario tests like the engine does, and fails every case when the text does not compile", () => {
    expect(testDraft(restaurant, scenarios)).toEqual(runScenarios(checked.policy, scenarios));
    expect(testDraft(restaurant, null)).toBeNull();
    expect(testDraft("{", scenarios)).toEqual(scenarios.cases.map((c) => ({ name: c.name, ok: false, failures: ["parse_invalid_json: invalid JSON: CloseBraceExpected"], decisions: [] })));
  });
});
