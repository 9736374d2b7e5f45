// Shared lint config for every workspace (each runs `eslint` on its own folders).
import tseslint from "typescript-eslint";

// json-rules-engine lives behind one adapter (packages/engine/src/rules/).
const JRE = { name: "json-rules-engine", message: "only packages/engine/src/rules/ imports json-rules-engine" };
const NODE_IO = ["node:*", "fs", "path", "child_process", "http", "https", "net"];

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/coverage/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='eval']", message: "no eval: policies must never run code" },
        { selector: "NewExpression[callee.name='Function']", message: "no new Function: policies must never run code" },
      ],
    },
  },
  {
    // The engine is pure: no wall clock, no randomness, no I/O.
    files: ["packages/engine/src/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "the engine never reads the wall clock: time comes from events and advance()" },
        { object: "Math", property: "random", message: "the engine is deterministic" },
      ],
      "no-restricted-imports": ["error", { patterns: NODE_IO, paths: [JRE] }],
    },
  },
  {
    files: ["packages/engine/src/rules/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: NODE_IO }] },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["packages/engine/**"],
    rules: { "no-restricted-imports": ["error", { paths: [JRE] }] },
  },
);
