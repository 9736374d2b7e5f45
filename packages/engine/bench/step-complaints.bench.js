// The runtime's path for a policy-wide unit: complaint events stepped one at a time
// (step with inPlace, each with only its subject's state and the policy's shared unit,
// as apps/runtime does), in time order and with arrival jitter (some events late, so
// the escalation unit is rebuilt from its snapshot). The baseline is a replay of the same
// events in the same run: the ratio says what stepping costs over replaying.
//
// Prints {"bench":"step-complaints","jitter_s":0,…} and {…,"jitter_s":10,…}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { complaintEvents, random } from "./generate.js";

const EVENTS = Number(process.env.YARDSTICK_BENCH_STEP_EVENTS ?? 5000);

export default async function ({ emit, engine, root }) {
  const compiled = engine.compilePolicy(JSON.parse(readFileSync(join(root, "policies", "complaint-handling.policy.json"), "utf8")));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const policy = compiled.value;
  const events = [...complaintEvents({ seed: 3, count: EVENTS })];

  engine.replayOrdered(policy, events, null); // warm-up
  let started = performance.now();
  const reference = engine.replayOrdered(policy, events, null);
  const replayPerS = EVENTS / ((performance.now() - started) / 1000);

  for (const jitterS of [0, 10]) {
    const rnd = random(11);
    const arrival = events.map((e) => ({ e, a: e.t + rnd() * jitterS * 1000 })).sort((x, y) => x.a - y.a).map((x) => x.e);
    const subjects = new Map();
    let shared = {};
    let late = 0;
    let seen = -Infinity;
    const out = [];
    started = performance.now();
    for (const ev of arrival) {
      if (ev.t < seen) late++;
      seen = Math.max(seen, ev.t);
      const subj = subjects.get(ev.subject);
      const [next, made] = engine.step(policy, { clock: 0, subjects: subj ? { [ev.subject]: subj } : {}, shared }, ev, { inPlace: true });
      subjects.set(ev.subject, next.subjects[ev.subject]);
      shared = next.shared;
      out.push(...made);
    }
    const stepPerS = EVENTS / ((performance.now() - started) / 1000);
    // Same decisions as the replay up to the last event, once every subject's clock is
    // brought there (the runtime's scheduler does that as deadlines fall due).
    const last = events[events.length - 1].t;
    out.push(...engine.advance(policy, { clock: 0, subjects: Object.fromEntries(subjects), shared }, last, { inPlace: true })[1]);
    const ids = (list) => list.filter((d) => Date.parse(d.at) < last).map((d) => d.id).sort().join();
    emit({
      bench: "step-complaints",
      jitter_s: jitterS,
      events: EVENTS,
      late_events: late,
      step_per_s: Math.round(stepPerS),
      replay_per_s: Math.round(replayPerS),
      ratio_to_replay: +(stepPerS / replayPerS).toFixed(3),
      shared_state_kb: Math.round(JSON.stringify(shared).length / 1024),
      same_results: ids(engine.effectiveDecisions(out)) === ids(reference),
    });
  }
}
