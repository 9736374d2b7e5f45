/**
 * The `queue` kind: fairness of one ticket queue (order of service, maximum waits,
 * closing time). Document: QueueDoc (schema #/definitions/queue).
 */
import type { StandardKind } from "../kind.js";
import { compileQueue, type CompiledQueue, type QueueDoc } from "./compile.js";
import { queueHandler, type QueueSlot } from "./evaluate.js";

export type { CompiledQueue, QueueDoc } from "./compile.js";

export const queueKind: StandardKind<QueueDoc, CompiledQueue, QueueSlot> = {
  name: "queue",
  compile: compileQueue,
  handler: queueHandler,
  matcherFields: [
    { field: "issue", role: "start" },
    { field: "call", role: "other" },
    { field: "yield", role: "other" },
    { field: "abandon", role: "other" },
    { field: "turnAway", role: "other" },
  ],
  // Compared value by value (maxWait.vip, closing, …): their values read well as they are.
  diffFields: [],
};
