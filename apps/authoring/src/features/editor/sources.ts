/**
 * The policies shipped in the repository (`policies/*.policy.json`) and their scenario
 * files, bundled at build time with a glob so a new policy appears without code.
 */
import type { ScenarioFile } from "@yardstick/engine";

const policyTexts = import.meta.glob<string>("@policies/*.policy.json", { query: "?raw", import: "default", eager: true });
const scenarioTexts = import.meta.glob<string>("@policies/*.test.json", { query: "?raw", import: "default", eager: true });

export interface ShippedPolicy {
  /** File name without `.policy.json`, e.g. "restaurant-dining". */
  name: string;
  text: string;
}

/** Policies people open first; the rest follow alphabetically. */
const FIRST = ["restaurant-dining", "promises"];

function baseName(path: string, suffix: string): string {
  return path.slice(path.lastIndexOf("/") + 1, -suffix.length);
}

/** Every shipped policy, restaurant-dining and promises first. */
export function shippedPolicies(): ShippedPolicy[] {
  const list = Object.entries(policyTexts).map(([path, text]) => ({ name: baseName(path, ".policy.json"), text }));
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  return list.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1));
}

/**
 * Scenario files for a policy id: the file named after it, and any whose `policy`
 * field names it (a file may be named differently from the id).
 */
export function scenariosFor(policyId: string | undefined): ScenarioFile | null {
  if (!policyId) return null;
  const files = Object.entries(scenarioTexts).flatMap(([path, text]) => {
    try {
      return [{ name: baseName(path, ".test.json"), file: JSON.parse(text) as ScenarioFile }];
    } catch {
      return [];
    }
  });
  // `policy` names the policy by id or by its file ("restaurant-dining.policy.json").
  const named = (f: { file: ScenarioFile }) => String(f.file.policy ?? "").replace(/^.*\//, "").replace(/\.policy\.json$/, "");
  const match = files.find((f) => named(f) === policyId) ?? files.find((f) => f.name === policyId);
  return match?.file ?? null;
}
