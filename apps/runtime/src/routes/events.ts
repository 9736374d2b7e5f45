/** POST /v1/events: one event or {"events": […]} → {accepted, duplicates, decisions}, after commit. */
import { parseEvents } from "../ingest/parse-events.js";
import { postJson, type RouteDef, type Services } from "./route.js";

export function eventRoutes(s: Services): RouteDef[] {
  return [
    postJson("/v1/events", "events:write", async (req, res) => {
      const parsed = parseEvents(req.body, { now: Date.now(), latenessMs: s.config.latenessMs, futureMs: s.config.futureMs });
      const result = await s.ingestor.submit(parsed);
      res.json(result);
    }),
  ];
}
