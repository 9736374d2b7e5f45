/**
 * POST /v1/evaluate: stateless. {policy | policyRef: {id, version?}, events, until?} →
 * {decisions}, exactly `replayEvents` (so exactly `yardstick replay`). Nothing is stored.
 */
import { compilePolicy, normalizeEvent, replayEvents, YardstickError, type CompiledPolicy, type NormalizedEvent } from "@yardstick/engine";
import { badRequest, fromDiagnostics, HttpError } from "../http-error.js";
import { httpCodeOf } from "../http-codes.js";
import { bodyFields, bodyPositiveInt, onlyFields, parseTime } from "./params.js";
import { postJson, type RouteDef, type Services } from "./route.js";

async function policyOf(s: Services, body: Record<string, unknown>): Promise<CompiledPolicy> {
  if ((body.policy === undefined) === (body.policyRef === undefined)) {
    throw badRequest("invalid_request", `give exactly one of "policy" (a document) or "policyRef" ({id, version?})`, body.policy === undefined ? "/policy" : "/policyRef");
  }
  if (body.policy !== undefined) {
    const r = compilePolicy(body.policy);
    if (!r.ok) throw fromDiagnostics(422, "policy_invalid", r.diagnostics.map((d) => ({ ...d, path: `/policy${d.path}` })));
    return r.value;
  }
  const ref = body.policyRef as Record<string, unknown> | null;
  if (ref === null || typeof ref !== "object" || Array.isArray(ref) || typeof ref.id !== "string") {
    throw badRequest("invalid_request", `"policyRef" must be {"id": "…", "version"?: n}`, "/policyRef");
  }
  onlyFields(ref, ["id", "version"]);
  if (ref.version !== undefined) return s.policies.compiledVersion(ref.id, bodyPositiveInt(ref.version, "/policyRef/version"));
  const active = await s.policies.activeVersionOf(s.db, ref.id);
  if (active === null) throw new HttpError(404, "not_found", `policy ${ref.id} has no active version`, { path: "/policyRef/id" });
  return s.policies.compiledVersion(ref.id, active);
}

export function evaluateRoutes(s: Services): RouteDef[] {
  return [
    postJson("/v1/evaluate", "evaluate", async (req, res) => {
      const body = bodyFields(req, ["policy", "policyRef", "events", "until"]);
      if (!Array.isArray(body.events)) throw badRequest("invalid_request", `"events" must be an array of events`, "/events");
      const events: NormalizedEvent[] = body.events.map((raw, i) => {
        const n = normalizeEvent(raw, `/events/${i}`);
        if (!n.ok) throw fromDiagnostics(400, "event_invalid", n.diagnostics);
        return n.value;
      });
      const until = body.until === undefined ? undefined : parseTime(body.until, "/until");
      const policy = await policyOf(s, body);
      try {
        res.json({ decisions: replayEvents(policy, events, until === undefined ? {} : { until }) });
      } catch (err) {
        if (err instanceof YardstickError) throw new HttpError(422, httpCodeOf(err.code), err.message, err.details);
        throw err;
      }
    }),
  ];
}
