/**
 * Monaco, slim and local (TOOLCHAIN.md): the editor core, its standard features, the
 * JSON language with the engine's schema, and workers bundled by Vite. Nothing is
 * fetched from a CDN: @monaco-editor/react is pointed at this instance.
 */
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/register.all";
import { jsonDefaults } from "monaco-editor/languages/features/json/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import JsonWorker from "monaco-editor/languages/features/json/json.worker?worker";
import { loader } from "@monaco-editor/react";
import { policySchema } from "@yardstick/engine";
import { forEditor } from "./editor-schema.js";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = {
  getWorker: (_id, label) => (label === "json" ? new JsonWorker() : new EditorWorker()),
};

/** The schema's own id; documents whose `$schema` names another path get it too. */
export const SCHEMA_URI = String(policySchema.$id ?? "https://yardstick.local/schema/policy.schema.json");
/** Every policy model's URI ends like this, so `fileMatch` binds the schema to it. */
export const POLICY_SUFFIX = ".policy.json";

const schemaUris = new Set<string>([SCHEMA_URI]);
const editorSchema = forEditor(policySchema) as object;

function applySchemas(): void {
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    comments: "error",
    trailingCommas: "error",
    // Schema validation comes from the engine (ajv), the same validator as `yardstick
    // check` and the runtime, so markers agree with them and are not shown twice. The
    // JSON worker still reports syntax errors and uses the schema for completion and hover.
    schemaValidation: "ignore",
    schemaRequest: "ignore",
    enableSchemaRequest: false,
    schemas: [...schemaUris].map((uri, i) => ({
      uri,
      schema: editorSchema,
      ...(i === 0 ? { fileMatch: [`*${POLICY_SUFFIX}`] } : {}),
    })),
  });
}

/**
 * A document's `$schema` takes precedence over `fileMatch` in the JSON language
 * service, which resolves a relative one against the model's URI: register the
 * engine's schema under that resolved URI (the shipped files name the schema by a
 * relative path into the repository).
 */
export function bindSchemaReference(text: string, modelUri: string): void {
  const m = /"\$schema"\s*:\s*"([^"]+)"/.exec(text.slice(0, 2000));
  if (!m) return;
  let uri = m[1];
  try {
    if (uri.startsWith(".")) uri = new URL(uri, modelUri).href;
  } catch {
    return;
  }
  if (schemaUris.has(uri)) return;
  schemaUris.add(uri);
  applySchemas();
}

applySchemas();
loader.config({ monaco });

export { monaco };
export type Monaco = typeof monaco;
