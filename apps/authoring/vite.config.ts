import { fileURLToPath } from "node:url";
import { defineConfig, defaultClientConditions } from "vite";
import react from "@vitejs/plugin-react";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Import the engine's TypeScript source, not its dist: one engine, no build step in dev.
    conditions: ["source", ...defaultClientConditions],
    alias: { "@policies": `${repoRoot}policies` },
  },
  server: {
    fs: { allow: [repoRoot] },
    // `npm run dev`: the runtime serves /v1 on its default port.
    proxy: { "/v1": "http://127.0.0.1:8080" },
  },
  worker: { format: "es" },
  build: { chunkSizeWarningLimit: 6000, sourcemap: false },
});
