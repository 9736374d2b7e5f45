/**
 * A kind of standard (timing, queue, escalation, …): everything the engine knows about
 * it, in one object. Each kind lives in its own folder (`kinds/<name>/`) and is listed
 * once in ./registry.ts; compile, evaluation, lint, diff and the condition tools ask the
 * kind instead of knowing it.
 */
import type { Diagnostic } from "../types.js";
import type { CompiledStandardBase, KindHandler } from "../evaluate/model.js";
import type { CompileContext } from "../compile/context.js";

/** What a kind's compiler returns; the engine adds `scope` (the handler's). */
export type StandardDraft<C extends CompiledStandardBase> = Omit<C, "scope">;

/**
 * The role of an event reference: `start` opens an obligation, `stop` ends it
 * successfully, `other` is any other use (cancel, requires, call, …).
 */
export type ReferenceRole = "start" | "stop" | "other";

/** A field of a standard that holds a matcher or a list of matchers ("start", "suspend/from"). */
export interface MatcherField {
  /** Pointer suffix inside the standard, without the leading slash, e.g. "suspend/from". */
  field: string;
  role: ReferenceRole;
}

/** A field the structural diff describes in words, in the order people read them. */
export interface DiffField {
  field: string;
  /** Readable name ("first start only"). */
  name: string;
  /** Renders a value of the field for a sentence. */
  render(value: unknown): string;
}

/**
 * One kind of standard. `Doc` is its part of the policy document (schema-valid: the
 * published schema, schema/policy.schema.json, has a definition per kind), `Compiled`
 * its frozen compiled form, `State` the JSON slot its handler keeps per unit.
 */
export interface StandardKind<Doc, Compiled extends CompiledStandardBase, State> {
  /** The `kind` value of the document ("timing"). */
  readonly name: string;
  /** Compiles one schema-valid standard found at `pointer`: the standard, or null with error diagnostics. */
  compile(doc: Doc, pointer: string, ctx: CompileContext): { standard: StandardDraft<Compiled> | null; diagnostics: Diagnostic[] };
  /** Evaluation: how its slots start, take events and time, and say what is due. */
  readonly handler: KindHandler<Compiled, State>;
  /**
   * The fields that hold event matchers, with their roles: lint (unknown events, stops
   * nothing produces), the outline, quick fixes and the condition tools read event
   * references from these.
   */
  readonly matcherFields: readonly MatcherField[];
  /** Fields the structural diff describes one by one (others are compared value by value). */
  readonly diffFields: readonly DiffField[];
}

/**
 * A kind as the registry holds it, whatever its type parameters. Sound because a kind
 * only ever receives its own documents, compiled standards and slots: the registry is
 * keyed by `name` and the engine looks handlers up by `std.kind`.
 */
export type AnyKind = StandardKind<unknown, CompiledStandardBase, unknown>;

/** The value of a matcher field ("suspend/from") inside a standard's document, or undefined. */
export function fieldValue(doc: unknown, field: string): unknown {
  let v: unknown = doc;
  for (const seg of field.split("/")) v = v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}
