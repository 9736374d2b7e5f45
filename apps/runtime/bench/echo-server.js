// The baseline: a bare Express JSON echo on the same machine (no auth, no storage).
// Usage: node bench/echo-server.js <port>
import express from "express";

const app = express();
app.use(express.json({ limit: "1mb" }));
app.post("/v1/events", (req, res) => {
  const n = Array.isArray(req.body?.events) ? req.body.events.length : 1;
  res.json({ accepted: n, duplicates: 0, decisions: [] });
});
app.get("/readyz", (_req, res) => res.json({ status: "ready" }));
app.listen(Number(process.argv[2]), "127.0.0.1");
