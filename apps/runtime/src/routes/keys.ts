/** API keys: create (shown once), list (metadata only), revoke, and who am I. */
import { principalOf } from "../auth/middleware.js";
import { ROLES, type Role } from "../auth/keys.js";
import { badRequest, HttpError } from "../http-error.js";
import { bodyFields } from "./params.js";
import { getJson, postJson, type RouteDef, type Services } from "./route.js";

export function keyRoutes(s: Services): RouteDef[] {
  return [
    postJson("/v1/keys", "keys:write", async (req, res) => {
      const body = bodyFields(req, ["role", "name"]);
      if (typeof body.role !== "string" || !(ROLES as readonly string[]).includes(body.role)) {
        throw badRequest("invalid_request", `"role" must be one of ${ROLES.join(", ")}`, "/role");
      }
      if (typeof body.name !== "string" || !/^[\w .@-]{1,100}$/.test(body.name)) {
        throw badRequest("invalid_request", `"name" must be 1–100 letters, digits, spaces or . _ @ -`, "/name");
      }
      const created = await s.keys.create(body.role as Role, body.name, principalOf(res).name);
      res.status(201).json(created);
    }),
    getJson("/v1/keys", "keys:read", async () => ({ keys: await s.keys.list() })),
    getJson("/v1/keys/me", "self", (_req, res) => principalOf(res)),
    {
      method: "delete",
      path: "/v1/keys/:id",
      permission: "keys:write",
      async handler(req, res) {
        const id = String(req.params.id);
        if (!(await s.keys.revoke(id, principalOf(res).name))) throw new HttpError(404, "not_found", `no active key ${id}`);
        res.json({ id, revoked: true });
      },
    },
  ];
}
