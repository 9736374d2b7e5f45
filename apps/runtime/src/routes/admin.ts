/**
 * GET /v1/admin/quarantine and GET /v1/admin/policy-faults (auditor, admin): what the
 * runtime set aside so that the rest keeps running (issue 14). Subjects and
 * policy-scoped units whose deadline evaluation threw, with attempts and next retry;
 * activated policies that failed on events, with their counts and suspension.
 */
import { listQuarantine } from "../jobs/quarantine.js";
import { listPolicyFaults } from "../policies/faults.js";
import { getJson, type RouteDef, type Services } from "./route.js";

export function adminRoutes(s: Services): RouteDef[] {
  return [
    getJson("/v1/admin/quarantine", "ops:read", async () => ({ quarantined: await listQuarantine(s.db) })),
    getJson("/v1/admin/policy-faults", "ops:read", async () => ({ policies: await listPolicyFaults(s.db) })),
  ];
}
