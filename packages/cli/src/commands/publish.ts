/** `yardstick publish <policy.json> --server URL --message "…" [--key KEY]`: a new immutable version. */
import { CliError, type Io } from "../io.js";
import { parseCommand, required } from "../args.js";
import { loadPolicy } from "../policy-file.js";

export const publishHelp = `Usage: yardstick publish <policy.json> --server URL --message "…" [--key KEY]

Checks the policy, then publishes it as a new immutable version:
POST {policy, message} to URL/v1/policies/<id>/versions with a manager's API key.
  --server URL     the runtime, e.g. http://localhost:8080
  --message TEXT   why this version (kept in the history)
  --key KEY        the API key; default: the YARDSTICK_KEY environment variable
Prints the version number. Exits 1 when the policy has errors or the server refuses.`;

const TIMEOUT_MS = 30_000;

export async function publish(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand("publish", argv, { server: { type: "string" }, message: { type: "string" }, key: { type: "string" } }, publishHelp);
  if (positionals.length !== 1) throw new CliError(["yardstick publish: name exactly one policy file", "Try: yardstick publish --help"]);
  const server = required("publish", values.server, "server");
  const message = required("publish", values.message, "message");
  const key = values.key ?? io.envKey;
  if (!key) throw new CliError("yardstick publish: no API key: pass --key or set YARDSTICK_KEY");
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new CliError(`yardstick publish: --server must be a URL such as http://localhost:8080; got "${server}"`);
  }
  const { doc } = loadPolicy(positionals[0]);
  const url = new URL(`v1/policies/${encodeURIComponent(doc.id)}/versions`, base.href.endsWith("/") ? base : new URL(`${base.href}/`));

  let response: Response;
  try {
    response = await io.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ policy: doc, message }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw new CliError(`yardstick publish: cannot reach ${url.origin}: ${why}`);
  }
  const body = await readBody(response);
  if (!response.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    const detail = e ? `${e.code ?? "error"}: ${e.message ?? ""}` : typeof body === "string" && body ? body.slice(0, 200) : response.statusText;
    throw new CliError(`yardstick publish: ${url.origin} refused (HTTP ${response.status}) ${detail}`.trimEnd());
  }
  const version = (body as { version?: unknown } | null)?.version;
  if (typeof version !== "number") throw new CliError(`yardstick publish: the server answered HTTP ${response.status} without a version number`);
  const hash = (body as { hash?: unknown }).hash;
  io.out(`published ${doc.id} version ${version}${typeof hash === "string" ? ` (${hash})` : ""}\n`);
  return 0;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
