/** Reading a policy file: parse, schema, compile and lint, with located diagnostics. */
import { checkPolicyText, type CompiledPolicy, type LocatedDiagnostic, type PolicyDoc } from "@yardstick/engine";
import { assertShallow, CliError, located, readText } from "./io.js";

export interface LoadedPolicy {
  file: string;
  policy: CompiledPolicy;
  doc: PolicyDoc;
  /** Warnings and notes (errors make loading fail). */
  diagnostics: LocatedDiagnostic[];
}

/** Loads and compiles `file`; a policy with errors throws CliError listing every diagnostic. */
export function loadPolicy(file: string): LoadedPolicy {
  const text = readText(file);
  assertShallow(file, text);
  const result = checkPolicyText(text);
  if (!result.ok) throw new CliError(result.diagnostics.map((d) => located(file, d)));
  return { file, policy: result.policy, doc: result.doc, diagnostics: result.diagnostics };
}
