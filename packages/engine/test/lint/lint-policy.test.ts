import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lintPolicy, validatePolicyDocument } from "../../src/index.js";
import type { PolicyDoc } from "../../src/index.js";
import { vagueWords } from "../../src/vocabulary/vague-words.js";

/** A clean one-standard policy; `patch` edits a copy. Every doc used here is schema-valid. */
function policy(patch: (d: any) => void = () => {}): PolicyDoc {
  const d: any = {
    id: "dining",
    title: "Dining",
    events: { "guest.seated": {}, "guest.greeted": {}, "drink.ordered": {}, "drink.served": {} },
    standards: [
      { id: "R1", kind: "timing", title: "Greet a seated guest within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M" },
    ],
  };
  patch(d);
  expect(validatePolicyDocument(d)).toEqual([]);
  return d as PolicyDoc;
}

const r2 = { id: "R2", kind: "timing", title: "Serve a drink within 4 minutes", start: "drink.ordered", stop: "drink.served", within: "PT4M", key: "item" };

describe("lintPolicy", () => {
  it("finds nothing in a SMART policy", () => {
    expect(lintPolicy(policy((d) => d.standards.push(r2)))).toEqual([]);
  });

  describe("lint_vague_wording", () => {
    it("flags vague English and Chinese words without a number, per text and language", () => {
      const doc = policy((d) => {
        d.standards[0].title = "Greet guests promptly";
        d.standards[0].description = { en: "As soon as possible, and timely", "zh-CN": "尽快问候客人，及时服务" };
      });
      expect(lintPolicy(doc)).toEqual([
        {
          code: "lint_vague_wording", severity: "warning", path: "/standards/0/description/en", message: 'R1: vague wording "as soon as possible", "timely" without a number; say how long, e.g. "within 2 minutes"',
          fix: { title: "State the limit (2 min) instead of a vague word", edits: [{ path: "/standards/0/description/en", value: "within 2 min, and within 2 min" }] },
        },
        {
          code: "lint_vague_wording", severity: "warning", path: "/standards/0/description/zh-CN", message: 'R1: vague wording "尽快", "及时" without a number; say how long, e.g. "within 2 minutes"',
          fix: { title: "State the limit (2 min) instead of a vague word", edits: [{ path: "/standards/0/description/zh-CN", value: "2 分钟内问候客人，2 分钟内服务" }] },
        },
        {
          code: "lint_vague_wording", severity: "warning", path: "/standards/0/title", message: 'R1: vague wording "promptly" without a number; say how long, e.g. "within 2 minutes"',
          fix: { title: "State the limit (2 min) instead of a vague word", edits: [{ path: "/standards/0/title", value: "Greet guests within 2 min" }] },
        },
      ]);
    });

    it("fixes by dropping the vague word when the standard has no fixed limit, and offers nothing when nothing would be left", () => {
      const doc = policy((d) => {
        delete d.standards[0].within;
        d.standards[0].deadlineFrom = { within: "within" };
        d.standards[0].title = "Greet guests as quickly as possible";
        d.standards[0].description = "ASAP";
      });
      const vague = lintPolicy(doc).filter((x) => x.code === "lint_vague_wording");
      expect(vague.map((x) => [x.path, x.fix])).toEqual([
        ["/standards/0/description", undefined],
        ["/standards/0/title", { title: "Remove the vague word", edits: [{ path: "/standards/0/title", value: "Greet guests" }] }],
      ]);
    });

    it("accepts vague words when the text gives a number (digits or Chinese numerals with a unit)", () => {
      const doc = policy((d) => {
        d.standards[0].title = "Greet guests promptly, within 2 minutes";
        d.standards[0].description = { "zh-CN": "马上问候客人，两分钟内", en: "Quickly: in 120 s" };
      });
      expect(lintPolicy(doc)).toEqual([]);
    });

    it("matches whole words only", () => {
      expect(vagueWords("Soonest breakfast; unprompted; prompt the guest to order")).toEqual([]);
      expect(vagueWords("Serve QUICKLY and   as soon  as possible; 尽量")).toEqual(["quickly", "as soon as possible", "尽量"]);
    });
  });

  describe("lint_no_time_bound and lint_no_numeric_target", () => {
    it("flag a queue standard with neither a number nor a time", () => {
      const doc = policy((d) => {
        d.events = { "ticket.issued": {}, "ticket.called": {} };
        d.standards = [{ id: "Q1", kind: "queue", title: "First come, first served within a class", issue: "ticket.issued", call: "ticket.called", ticketKey: "ticket", fifo: true }];
      });
      expect(lintPolicy(doc)).toEqual([
        { code: "lint_no_numeric_target", severity: "warning", path: "/standards/0", message: 'Q1 has no numeric target: state it as data with a unit, e.g. a maximum wait "PT20M" or a count' },
        { code: "lint_no_time_bound", severity: "warning", path: "/standards/0", message: 'Q1 has no time limit: say by when, e.g. "within": "PT2M"' },
      ]);
    });

    it("accept a queue standard with a maximum wait, and a closing time as a time bound", () => {
      const doc = policy((d) => {
        d.events = { "ticket.issued": {}, "ticket.called": {}, "ticket.turned-away": {} };
        d.standards = [
          { id: "Q2", kind: "queue", title: "Maximum wait per class", issue: "ticket.issued", call: "ticket.called", maxWait: { normal: "PT20M", vip: "PT10M" } },
          { id: "Q3", kind: "queue", title: "Serve everyone who came before closing", issue: "ticket.issued", turnAway: "ticket.turned-away", closing: "17:30" },
        ];
      });
      expect(lintPolicy(doc)).toEqual([]);
    });

    it("count a numeric threshold in a condition as a target, but not as a time bound", () => {
      const doc = policy((d) => {
        d.events = { "complaint.opened": {} };
        d.standards = [
          {
            id: "C1", kind: "escalation", title: "Classify collective complaints", open: "complaint.opened",
            levels: [{ level: "general", owner: "agent" }, { level: "hot", owner: "manager", when: { fact: "subject", path: "$.collectiveSize", operator: "greaterThanInclusive", value: 3 } }],
          },
        ];
      });
      expect(lintPolicy(doc)).toEqual([
        { code: "lint_no_time_bound", severity: "warning", path: "/standards/0", message: 'C1 has no time limit: say by when, e.g. "within": "PT2M"' },
      ]);
    });

    it("treat a promise's own deadline (deadlineFrom) as a time bound", () => {
      const doc = policy((d) => {
        d.events = { "promise.made": {}, "promise.kept": {} };
        d.standards = [{ id: "P1", kind: "timing", title: "Keep every promise by its own deadline", start: "promise.made", stop: "promise.kept", key: "promise", deadlineFrom: { due: "due", within: "within" } }];
      });
      expect(lintPolicy(doc)).toEqual([]);
    });

    it("report a timing standard without a limit once, as no time bound (lint also runs on drafts)", () => {
      const draft = { id: "d", title: "D", standards: [{ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted" }] } as unknown as PolicyDoc;
      expect(lintPolicy(draft)).toEqual([
        { code: "lint_no_time_bound", severity: "warning", path: "/standards/0", message: 'R1 has no time limit: say by when, e.g. "within": "PT2M"' },
      ]);
    });
  });

  describe("repeated ids and undeclared events are the compiler's (issue 9: reported once)", () => {
    it("reports neither lint_duplicate_id nor lint_unknown_event any more", () => {
      const doc = policy((d) => {
        d.standards.push({ ...r2, id: "R1" });
        d.standards[0].start = "guest.sated";
      });
      expect(lintPolicy(doc)).toEqual([]);
    });

    it("is silent without a vocabulary: any type goes", () => {
      const doc = policy((d) => {
        delete d.events;
        d.standards[0].start = "anything.happens";
      });
      expect(lintPolicy(doc)).toEqual([]);
    });
  });

  describe("lint_unproduced_stop", () => {
    it("flags a stop event that no declared event produces", () => {
      const doc = policy((d) => (d.standards[0].stop = ["guest.greeted", { event: "guest.welcomed" }]));
      expect(lintPolicy(doc)).toEqual([
        { code: "lint_unproduced_stop", severity: "error", path: "/standards/0/stop/1/event", message: 'R1 can never be met: no declared event produces its stop event "guest.welcomed"' },
      ]);
    });

    it("suggests the declared type it most likely meant, as a fix", () => {
      // "guest.greted" is one deletion away from "guest.greeted" and farther from every other declared type.
      const doc = policy((d) => (d.standards[0].stop = "guest.greted"));
      expect(lintPolicy(doc)).toEqual([
        {
          code: "lint_unproduced_stop", severity: "error", path: "/standards/0/stop",
          message: 'R1 can never be met: no declared event produces its stop event "guest.greted" (did you mean "guest.greeted"?)',
          fix: { title: 'Change to "guest.greeted"', edits: [{ path: "/standards/0/stop", value: "guest.greeted" }] },
        },
      ]);
    });

  });

  describe("lint_internal_anchor", () => {
    /** The kitchen's clock: order sent to the kitchen → ticket printed, both declared internal. */
    const kitchen = (d: any) => {
      d.events["order.sent-to-kitchen"] = { description: "The POS sends the order to the kitchen", audience: "internal" };
      d.events["ticket.printed"] = { audience: "internal" };
      d.events["food.ordered"] = { audience: "customer" };
      d.events["main.served"] = {};
    };

    it("warns at start and stop when the clock starts or stops only on internal events", () => {
      const doc = policy((d) => {
        kitchen(d);
        d.standards.push(
          { id: "K1", kind: "timing", title: "Send the order to the kitchen within 1 minute", start: "food.ordered", stop: ["ticket.printed", { event: "order.sent-to-kitchen" }], within: "PT1M" },
          { id: "K2", kind: "timing", title: "Serve the main course within 9 minutes", start: { event: "order.sent-to-kitchen" }, stop: "main.served", within: "PT9M" },
        );
      });
      expect(lintPolicy(doc)).toEqual([
        {
          code: "lint_internal_anchor", severity: "warning", path: "/standards/1/stop",
          message: 'K1: the clock stops only on internal events "ticket.printed", "order.sent-to-kitchen", which the customer never sees; tie the target to a customer-facing event (seated, ordered, called)',
        },
        {
          code: "lint_internal_anchor", severity: "warning", path: "/standards/2/start",
          message: 'K2: the clock starts only on internal event "order.sent-to-kitchen", which the customer never sees; tie the target to a customer-facing event (seated, ordered, called)',
        },
      ]);
    });

    it("is silent when a customer-facing event (declared so, or by default) can start and stop the clock", () => {
      const doc = policy((d) => {
        kitchen(d);
        d.standards.push(
          { id: "R6", kind: "timing", title: "Serve the main course within 10 minutes", start: ["food.ordered", "order.sent-to-kitchen"], stop: "main.served", within: "PT10M" },
          { id: "R6b", kind: "timing", title: "Serve the main course within 10 minutes", start: "food.ordered", stop: ["ticket.printed", "main.served"], within: "PT10M" },
        );
      });
      expect(lintPolicy(doc)).toEqual([]);
    });
  });

  describe("lint_warning_after_deadline", () => {
    // Issue 10: on a timing standard it is an error, not a warning at the start instant.
    it("flags warnBefore equal to or longer than the limit as an error", () => {
      const doc = policy((d) => {
        d.standards[0].warnBefore = "PT2M";
        d.standards.push({ ...r2, warnBefore: "PT1H30M" });
      });
      expect(lintPolicy(doc)).toEqual([
        { code: "lint_warning_after_deadline", severity: "error", path: "/standards/0/warnBefore", message: "R1 warns 2 min before a 2 min deadline, which is at or before the start; use less than 2 min" },
        { code: "lint_warning_after_deadline", severity: "error", path: "/standards/1/warnBefore", message: "R2 warns 1 h 30 min before a 4 min deadline, which is at or before the start; use less than 4 min" },
      ]);
    });


  });
});

describe("the shipped policies", () => {
  const dir = fileURLToPath(new URL("../../../../policies/", import.meta.url));
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8")) as PolicyDoc;

  it("restaurant-dining and promises are SMART: no diagnostics at all", () => {
    expect(lintPolicy(read("restaurant-dining.policy.json"))).toEqual([]);
    // P2 is a rule (issue 11): one event, judged at once, so SMART T and M as the lints in
    // rules/ read them today (a duration or number somewhere in the standard) do not fit
    // it. Until those lints know the rule kind, exactly these two are expected on P2.
    expect(lintPolicy(read("promises.policy.json")).map((d) => `${d.code} ${d.path}`)).toEqual(["lint_no_numeric_target /standards/1", "lint_no_time_bound /standards/1"]);
  });

  it("every policy lints without errors", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".policy.json"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const errors = files.flatMap((f) => lintPolicy(read(f)).filter((d) => d.severity === "error").map((d) => `${f}${d.path}: ${d.message}`));
    expect(errors).toEqual([]);
  });
});
