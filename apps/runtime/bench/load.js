// Closed-loop HTTP load over keep-alive connections (loopback only, bounded by time).
import http from "node:http";

/** POSTs bodies from `makeBody(i)` with `concurrency` requests in flight for `seconds`. */
export async function load({ port, path = "/v1/events", key, concurrency, seconds, makeBody }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let i = 0;
  let errors = 0;
  let firstError = null;
  const end = performance.now() + seconds * 1000;
  const one = (body) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        { host: "127.0.0.1", port, path, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(key ? { authorization: `Bearer ${key}` } : {}) } },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 200) {
              errors++;
              firstError ??= `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`;
            }
            latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on("error", (e) => {
        errors++;
        firstError ??= String(e);
        resolve();
      });
      req.end(body);
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await one(makeBody(i++));
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? null;
  return { requests: latencies.length, errors, firstError, seconds: elapsed, rps: latencies.length / elapsed, p50Ms: round(q(0.5)), p99Ms: round(q(0.99)) };
}

export function round(x, digits = 1) {
  if (x === null || x === undefined) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
