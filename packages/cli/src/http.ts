/** The runtime's HTTP API as the commands call it: a POST or a GET, errors as CliError. */
import { CliError, type Io } from "./io.js";

const TIMEOUT_MS = 30_000;

/** The API key: --key, else YARDSTICK_KEY; none is a CliError. */
export function apiKey(command: string, flag: string | boolean | undefined, io: Io): string {
  const key = typeof flag === "string" && flag !== "" ? flag : io.envKey;
  if (!key) throw new CliError(`yardstick ${command}: no API key: pass --key or set YARDSTICK_KEY`);
  return key;
}

/** `path` (relative, e.g. "v1/policies/x/activate") under the --server URL, which may have a path of its own. */
export function endpoint(command: string, server: string, path: string): URL {
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new CliError(`yardstick ${command}: --server must be a URL such as http://localhost:8080; got "${server}"`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new CliError(`yardstick ${command}: --server must be an http or https URL; got "${server}"`);
  return new URL(path, base.href.endsWith("/") ? base : new URL(`${base.href}/`));
}

export interface Reply {
  status: number;
  body: unknown;
}

/**
 * POSTs `body` as JSON with the key. An unreachable server, or (unless `accept` takes
 * the status) a refusal, is a CliError naming the server and the runtime's error.
 */
export async function postJson(command: string, io: Io, url: URL, key: string, body: unknown, accept: (status: number) => boolean = () => false): Promise<Reply> {
  return send(command, io, url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) }, accept);
}

/** GETs `url` (query included) with the key; errors as postJson's. */
export async function getJson(command: string, io: Io, url: URL, key: string): Promise<Reply> {
  return send(command, io, url, { method: "GET", headers: { authorization: `Bearer ${key}` } }, () => false);
}

async function send(command: string, io: Io, url: URL, init: RequestInit, accept: (status: number) => boolean): Promise<Reply> {
  let response: Response;
  try {
    response = await io.fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw new CliError(`yardstick ${command}: cannot reach ${url.origin}: ${why}`);
  }
  const reply = { status: response.status, body: await readBody(response) };
  if (!response.ok && !accept(response.status)) {
    const e = (reply.body as { error?: { code?: string; message?: string } } | null)?.error;
    const detail = e ? `${e.code ?? "error"}: ${e.message ?? ""}` : typeof reply.body === "string" && reply.body ? reply.body.slice(0, 200) : response.statusText;
    throw new CliError(`yardstick ${command}: ${url.origin} refused (HTTP ${response.status}) ${detail}`.trimEnd());
  }
  return reply;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
