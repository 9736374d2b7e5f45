/**
 * POST /v1/evaluate: stateless. {policy | policyRef: {id, version?}, events, until?} →
 * {decisions}, exactly `replayEvents` (so exactly `yardstick replay`). Nothing is stored.
 * Validation that bounds the work happens here (docs/limits.md); compiling, checking the
 * events and replaying run in a worker thread with a time and memory budget (issue 14).
 */
import { checkEventData } from "../ingest/parse-events.js";
import { badRequest, HttpError } from "../http-error.js";
import { LIMITS, limitExceeded } from "../limits.js";
import type { WorkerTask } from "../workers/protocol.js";
import { bodyFields, bodyPositiveInt, onlyFields, parseTime } from "./params.js";
import { postJson, type RouteDef, type Services } from "./route.js";

async function policyOf(s: Services, body: Record<string, unknown>): Promise<Pick<Extract<WorkerTask, { kind: "evaluate" }>, "doc" | "version" | "prefix">> {
  if ((body.policy === undefined) === (body.policyRef === undefined)) {
    throw badRequest("invalid_request", `give exactly one of "policy" (a document) or "policyRef" ({id, version?})`, body.policy === undefined ? "/policy" : "/policyRef");
  }
  if (body.policy !== undefined) {
    // Durations in the policy are bounded by the engine's compile (422 policy_invalid, compile_limit_exceeded).
    return { doc: body.policy, prefix: "/policy" };
  }
  const ref = body.policyRef as Record<string, unknown> | null;
  if (ref === null || typeof ref !== "object" || Array.isArray(ref) || typeof ref.id !== "string") {
    throw badRequest("invalid_request", `"policyRef" must be {"id": "…", "version"?: n}`, "/policyRef");
  }
  onlyFields(ref, ["id", "version"]);
  let version: number;
  if (ref.version !== undefined) version = bodyPositiveInt(ref.version, "/policyRef/version");
  else {
    const active = await s.policies.activeVersionOf(s.db, ref.id);
    if (active === null) throw new HttpError(404, "not_found", `policy ${ref.id} has no active version`, { path: "/policyRef/id" });
    version = active;
  }
  return { doc: (await s.policies.version(ref.id, version)).policy, version, prefix: "" };
}

export function evaluateRoutes(s: Services): RouteDef[] {
  return [
    postJson("/v1/evaluate", "evaluate", async (req, res) => {
      const body = bodyFields(req, ["policy", "policyRef", "events", "until"]);
      if (!Array.isArray(body.events)) throw badRequest("invalid_request", `"events" must be an array of events`, "/events");
      if (body.events.length > LIMITS.evaluateEvents) throw limitExceeded("evaluateEvents", "/events", `at most ${LIMITS.evaluateEvents} events per evaluation`);
      body.events.forEach((raw: unknown, i: number) => {
        if (raw !== null && typeof raw === "object" && "data" in raw) checkEventData((raw as { data: unknown }).data, `/events/${i}/data`);
      });
      const until = body.until === undefined ? undefined : parseTime(body.until, "/until");
      const policy = await policyOf(s, body);
      const json = await s.workers.run({ kind: "evaluate", ...policy, events: body.events, ...(until === undefined ? {} : { until: new Date(until).toISOString() }) });
      res.type("application/json").send(json);
    }),
  ];
}
