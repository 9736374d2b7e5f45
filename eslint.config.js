// Shared lint config for every workspace (each runs `eslint` on its own folders).
import tseslint from "typescript-eslint";

// json-rules-engine lives behind one adapter (packages/engine/src/json-rules-engine/).
const JRE = { name: "json-rules-engine", message: "only packages/engine/src/json-rules-engine/ imports json-rules-engine" };
const NODE_IO = ["node:*", "fs", "path", "child_process", "http", "https", "net"];

// Configuration comes in through one door: apps/runtime/src/env.ts (and the CLI's entry).
const PROCESS_ENV = { object: "process", property: "env", message: "read configuration in apps/runtime/src/env.ts (or the CLI entry) and pass it down" };
const ENV_ALLOWED = ["apps/runtime/src/env.ts", "packages/cli/src/io.ts", "**/e2e/**", "**/test/**", "**/bench/**", "**/*.config.*", "**/scripts/**"];

// The engine is pure: time comes from events and advance(), never from the wall clock.
const WALL_CLOCK = [
  { object: "Date", property: "now", message: "the engine never reads the wall clock: time comes from events and advance()" },
  { object: "Math", property: "random", message: "the engine is deterministic" },
];
const NO_CODE = [
  { selector: "CallExpression[callee.name='eval']", message: "no eval: policies must never run code" },
  { selector: "NewExpression[callee.name='Function']", message: "no new Function: policies must never run code" },
];

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/coverage/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", ...NO_CODE],
      "no-restricted-properties": ["error", PROCESS_ENV],
    },
  },
  {
    files: ENV_ALLOWED,
    rules: { "no-restricted-properties": "off" },
  },
  {
    // The engine is pure: no wall clock, no randomness, no I/O, no `any`; type-aware checks.
    files: ["packages/engine/src/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/no-unsafe-argument": "error",
      "@typescript-eslint/no-unsafe-call": "error",
      "@typescript-eslint/no-unsafe-return": "error",
      "no-restricted-properties": ["error", PROCESS_ENV, ...WALL_CLOCK],
      "no-restricted-syntax": [
        "error",
        ...NO_CODE,
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "the engine never reads the wall clock: new Date() needs a time" },
        { selector: "CallExpression[callee.name='Date'][arguments.length=0]", message: "the engine never reads the wall clock" },
      ],
      "no-restricted-imports": ["error", { patterns: NODE_IO, paths: [JRE] }],
    },
  },
  {
    files: ["packages/engine/src/json-rules-engine/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: NODE_IO }] },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["packages/engine/**"],
    rules: { "no-restricted-imports": ["error", { paths: [JRE] }] },
  },
);
