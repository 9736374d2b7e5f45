/**
 * `yardstick activate <policyId> --version N --server URL` and
 * `yardstick deactivate <policyId> --server URL`: which version of a policy receives
 * new events (POST /v1/policies/:id/activate and /deactivate, a manager's key).
 */
import { CliError, type Io } from "../io.js";
import { parseCommand, required } from "../args.js";
import { apiKey, endpoint, postJson } from "../http.js";

export const activateHelp = `Usage: yardstick activate <policyId> --version N --server URL [--key KEY]

Makes version N of a published policy the one that receives new events
(POST URL/v1/policies/<policyId>/activate with a manager's API key).
  --version N      the version to activate (yardstick publish prints it)
  --server URL     the runtime, e.g. http://localhost:8080
  --key KEY        the API key; default: the YARDSTICK_KEY environment variable
Prints what was active before. Exits 1 when the server refuses.`;

export const deactivateHelp = `Usage: yardstick deactivate <policyId> --server URL [--key KEY]

Stops a policy: no version of it receives new events any more
(POST URL/v1/policies/<policyId>/deactivate with a manager's API key).
Its versions, decisions and history are kept; activate brings it back.
  --server URL     the runtime, e.g. http://localhost:8080
  --key KEY        the API key; default: the YARDSTICK_KEY environment variable
Exits 1 when the server refuses.`;

/** The policy id pattern of the schema: checked here so a typo is not sent. */
const POLICY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const options = { server: { type: "string" }, key: { type: "string" } } as const;

export async function activate(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand("activate", argv, { ...options, version: { type: "string" } }, activateHelp);
  const id = policyIdOf("activate", positionals);
  const raw = required("activate", values.version, "version");
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new CliError(`yardstick activate: --version must be a version number (1, 2, …); got "${raw}"`);
  const server = required("activate", values.server, "server");
  const key = apiKey("activate", values.key, io);
  const url = endpoint("activate", server, `v1/policies/${id}/activate`);
  const { body } = await postJson("activate", io, url, key, { version: Number(raw) });
  const r = (body ?? {}) as { version?: unknown; previous?: unknown; changed?: unknown };
  if (typeof r.version !== "number") throw new CliError(`yardstick activate: the server answered without the version it activated`);
  const was = typeof r.previous === "number" ? `version ${r.previous} was active` : "no version was active";
  io.out(r.changed === false ? `${id} version ${r.version} was already active\n` : `activated ${id} version ${r.version} (${was})\n`);
  return 0;
}

export async function deactivate(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand("deactivate", argv, options, deactivateHelp);
  const id = policyIdOf("deactivate", positionals);
  const server = required("deactivate", values.server, "server");
  const key = apiKey("deactivate", values.key, io);
  const url = endpoint("deactivate", server, `v1/policies/${id}/deactivate`);
  const { status, body } = await postJson("deactivate", io, url, key, {}, (s) => s === 404);
  if (status === 404) {
    const message = (body as { error?: { code?: string; message?: string } } | null)?.error?.message ?? "";
    // A runtime from before issue 14 answers 404 for the route itself, not for the policy.
    if (message.startsWith("no route")) throw new CliError(`yardstick deactivate: ${url.origin} has no POST /v1/policies/:id/deactivate (a runtime older than this CLI); nothing changed`);
    throw new CliError(`yardstick deactivate: ${url.origin} refused (HTTP 404) not_found: ${message}`);
  }
  const r = (body ?? {}) as { previous?: unknown; changed?: unknown };
  if (r.changed === false) io.out(`${id} was not active\n`);
  else io.out(`deactivated ${id}${typeof r.previous === "number" ? ` (version ${r.previous} was active)` : ""}\n`);
  return 0;
}

function policyIdOf(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new CliError([`yardstick ${command}: name exactly one policy id`, `Try: yardstick ${command} --help`]);
  const id = positionals[0];
  if (!POLICY_ID.test(id)) throw new CliError(`yardstick ${command}: "${id}" is not a policy id (lower-case letters, digits and "-", e.g. restaurant-dining)`);
  return id;
}
