/**
 * Registry of standard kinds at compile time. Each kind compiles its document part into
 * a frozen CompiledStandard or returns diagnostics. Add a kind here and in
 * ../evaluate/handlers.ts.
 */
import type { Diagnostic } from "../types.js";
import type { CompiledStandard } from "../evaluate/model.js";
import type { CompileContext } from "./context.js";
import { compileTiming } from "./timing.js";
import { compileQueue } from "./queue.js";
import { compileEscalation } from "./escalation.js";

export type KindCompiler = (doc: Record<string, unknown>, pointer: string, ctx: CompileContext) => { standard: CompiledStandard | null; diagnostics: Diagnostic[] };

export const kindCompilers: Record<string, KindCompiler> = {
  timing: compileTiming,
  queue: compileQueue,
  escalation: compileEscalation,
};
