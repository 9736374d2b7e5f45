import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { policiesDir, tempDir, yardstick } from "./run.js";

const policyFile = join(policiesDir, "promises.policy.json");
const doc = JSON.parse(readFileSync(policyFile, "utf8"));

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/** A real HTTP server standing in for the runtime's publish route. */
let server: Server;
let url: string;
const seen: Seen[] = [];
let reply: { status: number; body: string } = { status: 201, body: "{}" };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.setEncoding("utf8").on("data", (c: string) => (text += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, contentType: req.headers["content-type"], body: JSON.parse(text) });
      res.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("yardstick publish", () => {
  it("POSTs the policy and message with the key, and prints the version", async () => {
    seen.length = 0;
    reply = { status: 201, body: JSON.stringify({ version: 4, hash: "sha256:abc", publishedAt: "2026-11-22T04:00:00.000Z" }) };
    const r = await yardstick(["publish", policyFile, "--server", `${url}/`, "--message", "P1: promises keep their own deadline", "--key", "k-manager"]);
    expect(r).toEqual({ code: 0, stderr: "", stdout: "published promises version 4 (sha256:abc)\n" });
    expect(seen).toEqual([
      {
        method: "POST",
        url: "/v1/policies/promises/versions",
        authorization: "Bearer k-manager",
        contentType: "application/json",
        body: { policy: doc, message: "P1: promises keep their own deadline" },
      },
    ]);
  });

  it("takes the key from YARDSTICK_KEY", async () => {
    seen.length = 0;
    reply = { status: 201, body: JSON.stringify({ version: 5 }) };
    const r = await yardstick(["publish", policyFile, "--server", url, "--message", "m"], { env: { YARDSTICK_KEY: "k-env" } });
    expect([r, seen.map((s) => s.authorization)]).toEqual([{ code: 0, stderr: "", stdout: "published promises version 5\n" }, ["Bearer k-env"]]);
  });

  it("prints the server's error and exits 1", async () => {
    reply = { status: 403, body: JSON.stringify({ error: { code: "forbidden", message: "role service may not publish", details: {} } }) };
    expect(await yardstick(["publish", policyFile, "--server", url, "--message", "m", "--key", "k-service"])).toEqual({
      code: 1,
      stdout: "",
      stderr: `yardstick publish: ${url} refused (HTTP 403) forbidden: role service may not publish\n`,
    });
  });

  it("refuses without a key, an unreachable server, and a policy with errors (nothing sent)", async () => {
    seen.length = 0;
    expect(await yardstick(["publish", policyFile, "--server", url, "--message", "m"], { env: { YARDSTICK_KEY: undefined } })).toEqual({
      code: 1,
      stdout: "",
      stderr: "yardstick publish: no API key: pass --key or set YARDSTICK_KEY\n",
    });
    const closed = await closedPort();
    expect(await yardstick(["publish", policyFile, "--server", `http://127.0.0.1:${closed}`, "--message", "m", "--key", "k"])).toEqual({
      code: 1,
      stdout: "",
      stderr: `yardstick publish: cannot reach http://127.0.0.1:${closed}: ECONNREFUSED\n`,
    });
    const dir = tempDir({ "bad.json": '{"id": "p", "title": "P"}' });
    expect(await yardstick(["publish", "bad.json", "--server", url, "--message", "m", "--key", "k"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: 'bad.json:1:1: error schema_invalid document: missing required property "standards"\n',
    });
    expect(seen).toEqual([]);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
