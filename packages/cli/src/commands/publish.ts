/** `yardstick publish <policy.json> --server URL --message "…" [--key KEY]`: a new immutable version. */
import { CliError, type Io } from "../io.js";
import { parseCommand, required } from "../args.js";
import { loadPolicy } from "../policy-file.js";
import { apiKey, endpoint, postJson } from "../http.js";

export const publishHelp = `Usage: yardstick publish <policy.json> --server URL --message "…" [--key KEY]

Checks the policy, then publishes it as a new immutable version:
POST {policy, message} to URL/v1/policies/<id>/versions with a manager's API key.
Publishing does not activate: see yardstick activate.
  --server URL     the runtime, e.g. http://localhost:8080
  --message TEXT   why this version (kept in the history)
  --key KEY        the API key; default: the YARDSTICK_KEY environment variable
Prints the version number. Exits 1 when the policy has errors or the server refuses.`;

export async function publish(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand("publish", argv, { server: { type: "string" }, message: { type: "string" }, key: { type: "string" } }, publishHelp);
  if (positionals.length !== 1) throw new CliError(["yardstick publish: name exactly one policy file", "Try: yardstick publish --help"]);
  const server = required("publish", values.server, "server");
  const message = required("publish", values.message, "message");
  const key = apiKey("publish", values.key, io);
  endpoint("publish", server, "v1/");
  const { doc } = loadPolicy(positionals[0]);
  const url = endpoint("publish", server, `v1/policies/${encodeURIComponent(doc.id)}/versions`);
  const { status, body } = await postJson("publish", io, url, key, { policy: doc, message });
  const version = (body as { version?: unknown } | null)?.version;
  if (typeof version !== "number") throw new CliError(`yardstick publish: the server answered HTTP ${status} without a version number`);
  const hash = (body as { hash?: unknown }).hash;
  io.out(`published ${doc.id} version ${version}${typeof hash === "string" ? ` (${hash})` : ""}\n`);
  return 0;
}
