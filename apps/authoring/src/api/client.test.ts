import { describe, expect, it } from "vitest";
import { may, type Role } from "./client.js";

describe("may", () => {
  it("offers publishing and activating to managers and admins only", () => {
    const roles: Array<Role | null> = ["manager", "admin", "auditor", "service", null];
    expect(roles.map((r) => [r, may(r, "publish"), may(r, "activate"), may(r, "read")])).toEqual([
      ["manager", true, true, true],
      ["admin", true, true, true],
      ["auditor", false, false, true],
      ["service", false, false, false],
      [null, true, true, true],
    ]);
  });
});
