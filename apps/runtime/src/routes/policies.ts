/**
 * Policies: list, history, one version, publish (immutable), activate, verify the hash
 * chain, and diff two versions (structural, plus behavioural over stored events).
 */
import type { Request } from "express";
import { diffPolicies, type PolicyDoc } from "@yardstick/engine";
import { principalOf } from "../auth/middleware.js";
import { findUnstorableString } from "../hash.js";
import { badRequest, HttpError } from "../http-error.js";
import { readEventBodies } from "../db/read-events.js";
import { accepts } from "../ingest/routing.js";
import { bodyFields, bodyPositiveInt, pathInt, POLICY_ID, queryInt, queryTime } from "./params.js";
import { getJson, JsonText, postJson, type RouteDef, type Services } from "./route.js";

/** Most stored events a behavioural diff replays (twice) in one request. */
export const MAX_DIFF_EVENTS = 200_000;
/** Changes a behavioural diff lists unless ?changes= says otherwise, and the most it may ask for. */
export const DEFAULT_DIFF_CHANGES = 1_000;
export const MAX_DIFF_CHANGES = 10_000;

/** The :id path parameter, a policy id. */
function policyId(req: Request): string {
  const id = String(req.params.id);
  if (!POLICY_ID.test(id)) throw badRequest("invalid_request", ":id must be a policy id (letters, digits, . _ -)", ":id");
  return id;
}

/** GET …/diff: structural changes between two versions and, given a time range, their behaviour on the stored events. */
async function diffVersions(s: Services, req: Request): Promise<JsonText> {
  const id = policyId(req);
  const from = queryInt(req, "from", 1, 1_000_000_000);
  const to = queryInt(req, "to", 1, 1_000_000_000);
  if (from === undefined) throw badRequest("invalid_request", "?from (a version) is required", "?from");
  if (to === undefined) throw badRequest("invalid_request", "?to (a version) is required", "?to");
  const changeLimit = queryInt(req, "changes", 0, MAX_DIFF_CHANGES) ?? DEFAULT_DIFF_CHANGES;
  const replayFrom = queryTime(req, "replayFrom");
  const replayTo = queryTime(req, "replayTo");
  if ((replayFrom === undefined) !== (replayTo === undefined)) {
    throw badRequest("invalid_request", "?replayFrom and ?replayTo go together", replayFrom === undefined ? "?replayFrom" : "?replayTo");
  }
  if (replayFrom !== undefined && replayTo! <= replayFrom) throw badRequest("invalid_request", "?replayTo must be after ?replayFrom", "?replayTo");
  const [a, b] = [await s.policies.version(id, from), await s.policies.version(id, to)];
  const changes = diffPolicies(a.policy, b.policy);
  let behaviour = "null";
  if (replayFrom !== undefined) {
    const [pa, pb] = [await s.policies.compiledVersion(id, from), await s.policies.compiledVersion(id, to)];
    // The replay itself runs in a worker with a budget (an auditor's diff over 123k events blocked /healthz for 8 s).
    // Bodies as text, handed to the worker as one JSON array: parsing 200,000 bodies here and
    // structured-cloning them to the worker blocked the event loop for hundreds of ms.
    const texts = await readEventBodies(s.db, replayFrom, replayTo!, (type) => accepts(pa, type) || accepts(pb, type), MAX_DIFF_EVENTS);
    if (texts === null) throw badRequest("range_too_large", `more than ${MAX_DIFF_EVENTS} events in that range: narrow ?replayFrom..?replayTo`, "?replayTo");
    const until = new Date(replayTo!).toISOString();
    const about = { events: texts.length, replayFrom: new Date(replayFrom).toISOString(), replayTo: until };
    behaviour = await s.workers.run({ kind: "diff", from: { doc: a.policy, version: from }, to: { doc: b.policy, version: to }, eventsJson: `[${texts.join(",")}]`, until, changeLimit, about });
  }
  // The worker's answer is already the JSON of `behaviour`: spliced in, not parsed again.
  return new JsonText(`${JSON.stringify({ id, from, to, changes }).slice(0, -1)},"behaviour":${behaviour}}`);
}

export function policyRoutes(s: Services): RouteDef[] {
  return [
    getJson("/v1/policies", "policies:read", async () => ({ policies: await s.policies.list() })),
    getJson("/v1/policies/:id/versions", "policies:read", (req) => s.policies.versions(policyId(req))),
    getJson("/v1/policies/:id/versions/:v", "policies:read", (req) => s.policies.version(policyId(req), pathInt(req, "v"))),
    postJson("/v1/policies/:id/versions", "policies:write", async (req, res) => {
      const id = policyId(req);
      const body = bodyFields(req, ["policy", "message"]);
      const doc = body.policy as PolicyDoc;
      if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw badRequest("invalid_request", `"policy" must be a policy document`, "/policy");
      if (typeof body.message !== "string" || !body.message.trim() || body.message.length > 2000) {
        throw badRequest("invalid_request", `"message" must say why (1–2000 characters)`, "/message");
      }
      if (doc.id !== id) throw badRequest("policy_id_mismatch", `/policy/id is ${JSON.stringify(doc.id)} but the URL names ${id}`, "/policy/id");
      const bad = findUnstorableString(body, "");
      if (bad !== null) throw badRequest("invalid_request", `${bad}: strings may not contain NUL characters or unpaired surrogates`, bad);
      const r = await s.policies.publish(id, doc, body.message, principalOf(res).name).catch((err) => {
        if (err instanceof HttpError && err.code === "policy_invalid") {
          const diagnostics = (err.details.diagnostics as Array<{ path: string }>).map((d) => ({ ...d, path: `/policy${d.path}` }));
          throw new HttpError(422, err.code, `/policy${err.message}`, { ...err.details, path: `/policy${String(err.details.path)}`, diagnostics });
        }
        throw err;
      });
      res.status(r.created ? 201 : 200).json(r);
    }),
    postJson("/v1/policies/:id/activate", "policies:write", async (req, res) => {
      const id = policyId(req);
      const body = bodyFields(req, ["version"]);
      res.json(await s.policies.activate(id, bodyPositiveInt(body.version, "/version"), principalOf(res).name));
    }),
    postJson("/v1/policies/:id/deactivate", "policies:write", async (req, res) => {
      const id = policyId(req);
      const body = bodyFields(req, ["reason"]);
      if (body.reason !== undefined && (typeof body.reason !== "string" || body.reason.length > 2000)) throw badRequest("invalid_request", `"reason" must be a string of at most 2000 characters`, "/reason");
      res.json(await s.policies.deactivate(id, principalOf(res).name, body.reason as string | undefined));
    }),
    getJson("/v1/policies/:id/verify", "policies:read", (req) => s.policies.verify(policyId(req))),
    getJson("/v1/policies/:id/diff", "policies:read", (req) => diffVersions(s, req)),
  ];
}
