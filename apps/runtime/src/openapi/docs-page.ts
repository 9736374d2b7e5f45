/**
 * /docs: Swagger UI (swagger-ui-dist, served from this origin: nothing is fetched from
 * elsewhere) rendering /openapi.json, with "Try it out" and the Authorize button for a
 * Bearer key. The page's own script (/docs/docs.js) starts it, so the Content Security
 * Policy can allow scripts from this origin only; the validator badge, which would call
 * validator.swagger.io, is off. A maintained renderer replaced the hand-written one
 * (issue 13): it knows all of OpenAPI 3.1, and try-it comes with it.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve("swagger-ui-dist/package.json"));

/** The two files of swagger-ui-dist the page uses, by the name they are served under (/docs/…). */
export const swaggerFiles: ReadonlyMap<string, { path: string; type: string }> = new Map([
  ["swagger-ui.css", { path: join(SWAGGER_DIR, "swagger-ui.css"), type: "css" }],
  ["swagger-ui-bundle.js", { path: join(SWAGGER_DIR, "swagger-ui-bundle.js"), type: "js" }],
]);

export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Yardstick runtime API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

/** /docs/docs.js: starts Swagger UI on this runtime's document. */
export const docsScript = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: false,
  persistAuthorization: false,
});
`;
