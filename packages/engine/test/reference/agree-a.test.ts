/** Half A of the engine–reference agreement cases (see agreement.ts: fixed seeds SEEDS_A by default). */
import { describe, it } from "vitest";
import { CASES, checkAgreement, SEEDS_A } from "./agreement.js";

describe("reference model and engine agree (issue 10), half A", () => {
  // A generous timeout: the machine may be shared; nothing here measures time.
  it(`agree on ${Math.ceil(CASES / 2)} generated cases`, { timeout: 900_000 }, () => checkAgreement(Math.ceil(CASES / 2), SEEDS_A));
});
