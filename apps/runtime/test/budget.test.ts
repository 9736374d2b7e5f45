/**
 * Issue 14, CPU budgets: POST /v1/evaluate runs in a worker thread with a time budget,
 * so the event loop keeps answering while a heavy evaluation runs, an evaluation over
 * its budget is stopped (422 budget_exceeded), a full pool answers 503 busy, and the
 * pool recovers with fresh workers. The /healthz latencies seen meanwhile are printed
 * (no timing assertion: the machine is shared).
 */
import { describe, expect, it } from "vitest";
import { startServerForSuite } from "./helpers.js";

/** n events of visits seated and greeted, ~100 bytes each: 10,000 fit in the 1 MiB body limit. */
function visits(n: number): unknown[] {
  const t0 = Date.parse("2026-12-01T10:00:00Z");
  return Array.from({ length: n }, (_, i) => ({ id: `e${i}`, type: i % 2 ? "guest.greeted" : "guest.seated", subject: `v${i >> 1}`, time: new Date(t0 + i * 1000).toISOString() }));
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

describe("evaluation budget (pglite)", () => {
  // Replaying 10,000 events takes about 1.5 s here: a 400 ms budget stops it.
  const t = startServerForSuite("pglite", { config: () => ({ budget: { ms: 400, memoryMb: 256, workers: 1, queue: 1 } }) });

  it("keeps /healthz answering while a heavy evaluate runs, and stops it at its budget with 422 budget_exceeded", async () => {
    let done = false;
    // Serialised beforehand: the client shares this process's event loop with the server.
    const body = JSON.stringify({ policyRef: { id: "restaurant-dining" }, events: visits(10_000) });
    const heavy = t.call("POST", "/v1/evaluate", undefined, body).finally(() => (done = true));
    const latencies: number[] = [];
    let answeredWhileHeavy = 0;
    while (!done) {
      const start = performance.now();
      const r = await fetch(`${t.url}/healthz`);
      await r.text();
      latencies.push(performance.now() - start);
      if (!done && r.status === 200) answeredWhileHeavy++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const answer = await heavy;
    expect(answer).toMatchObject({ status: 422, body: { error: { code: "budget_exceeded", details: { budget: { ms: 400 } } } } });
    expect(answeredWhileHeavy).toBeGreaterThan(0);
    console.log(`healthz during a heavy evaluate: n=${latencies.length} p50=${percentile(latencies, 50).toFixed(1)} ms p99=${percentile(latencies, 99).toFixed(1)} ms max=${Math.max(...latencies).toFixed(1)} ms`);
    // A fresh worker serves the next request.
    const small = await t.call("POST", "/v1/evaluate", undefined, { policyRef: { id: "restaurant-dining" }, events: visits(4), until: "2026-12-01T10:10:00Z" });
    expect([small.status, small.body.error]).toEqual([200, undefined]);
    expect(small.body.decisions.filter((d: { standard: string; status: string }) => d.standard === "R1").map((d: { status: string }) => d.status)).toEqual(["met", "met"]);
  });

  it("answers 503 busy when every worker runs and the queue is full", async () => {
    const body = { policyRef: { id: "restaurant-dining" }, events: visits(10_000) };
    const answers = await Promise.all([0, 1, 2].map(() => t.call("POST", "/v1/evaluate", undefined, body)));
    const codes = answers.map((a) => `${a.status} ${a.body.error?.code}`).sort();
    // One runs, one waits (both overrun the budget), the third finds no room.
    expect(codes).toEqual(["422 budget_exceeded", "422 budget_exceeded", "503 busy"]);
    expect(answers.find((a) => a.status === 503)!.headers.get("retry-after")).toBe("1");
  });
});
