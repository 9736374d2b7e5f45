// A hand-written, exact evaluator of policies/restaurant-dining.policy.json (R1–R9), the
// baseline of engine-vs-exact.bench.js: what a programmer who knows only this policy
// would write. A Map of open obligations per (standard, subject, key), a Map of pending
// holds, and one min-heap of deadlines (breaches, warnings, hold bounds, forgetting of
// overdue obligations) with lazy deletion: an entry is stale when its obligation or hold
// changed since it was pushed. It makes the same decisions as the engine (ids, reasons,
// figures), so the bench can check them for equality: the semantics written out here
// are docs/semantics.md's for this policy (restart holds with a bound and a void,
// `requires`/`cancel`, `once`, `warnBefore`, late stops after a breach).
//
//   import { exactRestaurant } from "./restaurant-exact.js";
//   const decisions = exactRestaurant(events, formatDuration); // events sorted by (t, id)

const MIN = 60_000;
/** Breached obligations wait this long for their late stop (OVERDUE_KEPT_MS of the timing kind). */
const OVERDUE_KEPT_MS = 7 * 86_400_000;
const POLICY = "restaurant-dining";
const VERSION = 0;

/** The standards, transcribed from the policy document. */
const STANDARDS = [
  { id: "R1", severity: "minor", start: "guest.seated", stop: "guest.greeted", limit: 2 * MIN, warn: { label: "PT30S", beforeMs: 30_000 } },
  { id: "R1-VIP", severity: "major", start: "guest.seated", when: (d) => d.vip === true, why: ["data.vip = true (equal true)"], stop: "guest.greeted", limit: MIN },
  { id: "R2", severity: "minor", start: "drink.ordered", stop: "drink.served", key: "item", limit: 4 * MIN },
  { id: "R3", severity: "minor", start: "wine.served", once: true, stop: "wine.refill-offered", limit: 5 * MIN },
  { id: "R4", severity: "minor", start: "guest.seated", stop: "food.order-asked", limit: 4 * MIN, hold: { from: "drink.ordered", until: "drink.served", key: "item", maxMs: 4 * MIN } },
  { id: "R5", severity: "minor", start: "starter.ordered", stop: "starter.served", key: "item", limit: 5 * MIN },
  { id: "R6", severity: "major", start: "food.ordered", stop: "main.served", key: "item", limit: 10 * MIN, warn: { label: "PT2M", beforeMs: 2 * MIN } },
  { id: "R7", severity: "minor", start: "plates.cleared", requires: "dessert.ordered", stop: "dessert.served", cancel: "dessert.declined", limit: 5 * MIN },
  {
    id: "R8",
    severity: "minor",
    start: "plates.cleared",
    stop: "bill.presented",
    limit: 4 * MIN,
    hold: { from: "dessert.ordered", until: "dessert.served", void: "dessert.declined", key: "item", maxMs: 5 * MIN },
  },
  { id: "R9", severity: "minor", start: "payment.placed", stop: "payment.collected", limit: 2 * MIN },
];

/** What each event type does to each standard, in the engine's order (standards in policy order; stop, cancel, until, void, from, requires, start). */
const ACTIONS = new Map();
for (const std of STANDARDS) {
  const roles = [
    ["stop", std.stop],
    ["cancel", std.cancel],
    ["until", std.hold?.until],
    ["void", std.hold?.void],
    ["from", std.hold?.from],
    ["requires", std.requires],
    ["start", std.start],
  ];
  for (const [role, type] of roles) {
    if (!type) continue;
    if (!ACTIONS.has(type)) ACTIONS.set(type, []);
    ACTIONS.get(type).push({ std, role });
  }
}

/** Deadlines by (time, sequence); entries are [time, seq, target, generation]. */
class Heap {
  a = [];
  n = 0;
  push(t, target) {
    const a = this.a;
    const e = [t, this.n++, target, target.gen];
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p], e)) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = e;
  }
  peek() {
    return this.a[0];
  }
  pop() {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const m = r < a.length && less(a[r], a[l]) ? r : l;
        if (less(last, a[m])) break;
        a[i] = a[m];
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}
const less = (x, y) => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);

/**
 * Evaluates a (time, id)-ordered stream of normalised events to the end of every
 * deadline; returns the decisions in the order made.
 */
export function exactRestaurant(events, formatDuration) {
  const out = [];
  const obligations = new Map(); // `${std}|${subject}|${key}` → obligation
  const holds = new Map(); // `${std}|${subject}|${key}|${hk}` → hold
  const subjects = new Map(); // subject → { clock, required: Set<std>, started: Set<key> }
  const heap = new Heap();
  const iso = (ms) => new Date(ms).toISOString();

  const visitOf = (s) => {
    let v = subjects.get(s);
    if (!v) subjects.set(s, (v = { clock: -Infinity, required: new Set(), started: new Set() }));
    return v;
  };
  const anchorText = (ob) => (ob.anchorType === "maxHold" ? "the hold's bound (maxHold)" : ob.anchorType);

  function emit(ob, status, at, fields, reasons) {
    const std = ob.std;
    const body = { policy: POLICY, version: VERSION, standard: std.id, severity: std.severity, subject: ob.subject, key: ob.key === "" ? std.id : `${std.id}/${ob.key}`, startedAt: iso(ob.startedAt) };
    const due = status === "breached" ? ob.breach.due : ob.due;
    if (due !== null) body.dueAt = iso(due);
    body.events = ob.events.slice();
    const anchored = ob.anchorAt !== ob.startedAt || ob.anchorType !== ob.startType;
    if (anchored || fields.warning) {
      body.details = anchored ? { anchoredAt: iso(ob.anchorAt), anchoredBy: ob.anchorType } : {};
      if (fields.warning) body.details.warning = fields.warning;
    }
    body.status = status;
    body.at = iso(at);
    if (fields.elapsedMs !== undefined) body.elapsedMs = fields.elapsedMs;
    if (fields.overByMs !== undefined) body.overByMs = fields.overByMs;
    body.reasons = ob.why.length ? [reasons, ...ob.why] : [reasons];
    const obligation = `${ob.key}#${ob.startId}`;
    const id = `${POLICY}@${VERSION}|${std.id}|${ob.subject}|${obligation}|${status}|${body.at}|${fnv1a(JSON.stringify(body))}`;
    out.push({ id, ...body, obligation: [std.id, ob.subject, obligation].map((p) => p.replace(/%/g, "%25").replace(/\|/g, "%7C")).join("|") });
  }

  /** The obligation's clock from its start and hold log (restart holds: docs/semantics.md §4). */
  function rebuild(ob) {
    const pending = new Set(ob.held);
    ob.due = null;
    ob.runSince = null;
    ob.wallRun = 0;
    const anchor = (t, type) => {
      ob.anchorAt = t;
      ob.anchorType = type;
      ob.due = t + ob.std.limit;
      ob.runSince = t;
      ob.wallRun = 0;
    };
    ob.anchorAt = ob.startedAt;
    ob.anchorType = ob.startType;
    if (pending.size === 0) anchor(ob.startedAt, ob.startType);
    for (const e of ob.log) {
      if (ob.due !== null && ob.due < e.t) break;
      if (e.op === "hold") {
        const was = pending.size;
        pending.add(e.hk);
        if (was === 0 && pending.size === 1 && ob.runSince !== null) {
          ob.wallRun += e.t - ob.runSince;
          ob.due = null;
          ob.runSince = null;
        }
      } else if (e.op === "release") {
        if (!pending.delete(e.hk) || pending.size > 0) continue;
        if (e.bound) anchor(e.t, "maxHold");
      } else if (pending.size === 0) anchor(e.t, e.type);
    }
    schedule(ob);
  }

  /** (Re)schedules an obligation's next deadline: its warning, its breach, or its forgetting. */
  function schedule(ob) {
    ob.gen++;
    if (ob.breach) return heap.push(ob.breach.at + OVERDUE_KEPT_MS, ob);
    if (!ob.confirmed || ob.due === null) return;
    const w = ob.std.warn;
    if (w && !ob.warned) {
      const at = Math.max(ob.due - w.beforeMs, ob.runSince, ob.confirmedAt);
      if (at < ob.due) return heap.push(at, ob);
    }
    heap.push(ob.due, ob);
  }

  /** Fires one heap entry at `now` (the later of its time and its subject's clock). */
  function fire(entry) {
    const [t, , target, gen] = entry;
    if (target.gen !== gen || target.gone) return;
    const v = visitOf(target.subject);
    const now = Math.max(t, v.clock);
    // Known late (an event made the deadline lie before the subject's clock): it fires at
    // that event's time, and what falls due exactly then waits for that instant's events.
    const lateOnly = t < v.clock;
    v.clock = now;
    if (target.hk !== undefined) {
      // A hold's bound: it ends as if its `until` had come at the bound.
      target.gone = true;
      holds.delete(target.id);
      setHolds(target.std, target.subject, subjectHolds(target.std, target.subject).filter((h) => h !== target));
      const ob = active(target.std, target.subject, target.k);
      if (ob) {
        ob.log.push({ op: "release", t: target.bound, hk: target.hk, bound: true });
        rebuild(ob);
      }
      return;
    }
    const ob = target;
    if (ob.breach) {
      obligations.delete(ob.id);
      ob.gone = true;
      return;
    }
    if (lateOnly ? ob.due < now : ob.due <= now) {
      ob.breach = { at: now, due: ob.due };
      emit(ob, "breached", now, { elapsedMs: ob.std.limit + (now - ob.due), overByMs: now - ob.due }, `no ${ob.std.stop} within ${formatDuration(ob.std.limit)} of ${anchorText(ob)}`);
      schedule(ob);
      return;
    }
    // The warning (spent without a decision when it is known only at its deadline).
    ob.warned = true;
    const w = ob.std.warn;
    if (now < ob.due) emit(ob, "warning", now, { warning: w.label, elapsedMs: ob.wallRun + (now - ob.runSince) }, `${formatDuration(ob.due - now)} left to ${ob.std.stop} (limit ${formatDuration(ob.std.limit)} from ${anchorText(ob)})`);
    schedule(ob);
  }

  function find(std, subject, k, now) {
    const ob = obligations.get(`${std.id}|${subject}|${k}`);
    // Forgotten a week after its breach (before events at that instant: events come first).
    return ob && !(ob.breach && now > ob.breach.at + OVERDUE_KEPT_MS) ? ob : undefined;
  }
  const active = (std, subject, k) => {
    const ob = obligations.get(`${std.id}|${subject}|${k}`);
    return ob && !ob.breach ? ob : undefined;
  };
  const endObligation = (ob) => {
    obligations.delete(ob.id);
    ob.gone = true;
    ob.gen++;
  };
  const holdsOf = (std, subject, k, hk) => {
    const list = [];
    for (const h of std.hold ? subjectHolds(std, subject) : []) if (h.k === k && (hk === null || h.hk === hk)) list.push(h);
    return list;
  };
  const subjectHolds = (std, subject) => {
    const v = visitOf(subject);
    return (v.holds ??= new Map()).get(std.id) ?? [];
  };
  const setHolds = (std, subject, list) => visitOf(subject).holds.set(std.id, list);

  function onEvent(ev) {
    const acts = ACTIONS.get(ev.type);
    const v = visitOf(ev.subject);
    v.clock = Math.max(v.clock, ev.t);
    if (!acts) return;
    for (const { std, role } of acts) {
      const k = std.key ? keyOrNull(ev.data[std.key]) ?? "" : "";
      if (role === "stop") {
        const ob = find(std, ev.subject, k, ev.t);
        if (!ob) continue;
        endObligation(ob);
        if (!ob.confirmed) continue;
        ob.events.push(ev.id);
        if (ob.breach) {
          const over = ev.t - ob.breach.due;
          const elapsed = ob.std.limit + over;
          emit(ob, "breached", ev.t, { elapsedMs: elapsed, overByMs: over }, `${ev.type} came ${formatDuration(elapsed)} after ${anchorText(ob)}: ${formatDuration(over)} over the ${formatDuration(std.limit)} limit`);
        } else {
          const held = ob.due === null;
          const wall = held ? ob.wallRun : ob.wallRun + (ev.t - ob.runSince);
          const reason = held
            ? `${ev.type} came while the clock was held (waiting for ${std.hold.until}), ${formatDuration(wall)} on the clock (limit ${formatDuration(std.limit)})`
            : `${ev.type} came ${formatDuration(wall)} after ${anchorText(ob)} (limit ${formatDuration(std.limit)})`;
          emit(ob, "met", ev.t, { elapsedMs: wall }, reason);
        }
      } else if (role === "cancel") {
        const ob = find(std, ev.subject, k, ev.t);
        if (!ob) continue;
        endObligation(ob);
        if (!ob.confirmed || ob.breach) continue;
        ob.events.push(ev.id);
        emit(ob, "cancelled", ev.t, {}, `cancelled by ${ev.type}`);
      } else if (role === "until" || role === "void") {
        const hk = keyOrNull(ev.data[std.hold.key]);
        const ended = holdsOf(std, ev.subject, k, hk);
        if (role === "void" && ended.length === 0) continue;
        if (ended.length) setHolds(std, ev.subject, subjectHolds(std, ev.subject).filter((h) => !ended.includes(h)));
        for (const h of ended) {
          h.gone = true;
          holds.delete(h.id);
        }
        const ob = active(std, ev.subject, k);
        if (!ob) continue;
        if (role === "until") {
          for (const h of ended) ob.log.push({ op: "release", t: ev.t, hk: h.hk, bound: false });
          ob.log.push({ op: "until", t: ev.t, type: ev.type });
        } else {
          for (const h of ended) {
            const i = ob.log.findLastIndex((e) => e.op === "hold" && e.hk === h.hk);
            if (i >= 0) ob.log.splice(i, 1);
            else ob.held = ob.held.filter((x) => x !== h.hk);
          }
        }
        ob.events.push(ev.id);
        rebuild(ob);
      } else if (role === "from") {
        const hk = keyOrNull(ev.data[std.hold.key]) ?? "";
        const list = subjectHolds(std, ev.subject);
        if (list.some((h) => h.k === k && h.hk === hk)) continue;
        const h = { id: `${std.id}|${ev.subject}|${k}|${hk}`, std, subject: ev.subject, k, hk, bound: ev.t + std.hold.maxMs, gen: 0, gone: false };
        setHolds(std, ev.subject, [...list, h]);
        holds.set(h.id, h);
        heap.push(h.bound, h);
        const ob = active(std, ev.subject, k);
        if (!ob) continue;
        ob.log.push({ op: "hold", t: ev.t, hk });
        ob.events.push(ev.id);
        rebuild(ob);
      } else if (role === "requires") {
        if (v.required.has(std.id)) continue;
        v.required.add(std.id);
        for (const ob of obligationsOf(std, ev.subject)) {
          if (ob.confirmed) continue;
          ob.confirmed = true;
          ob.confirmedAt = ev.t;
          schedule(ob);
        }
      } else if (!std.when || std.when(ev.data)) {
        if (std.once) {
          const sk = `${std.id}|${k}`;
          if (v.started.has(sk)) continue;
          v.started.add(sk);
        }
        if (find(std, ev.subject, k, ev.t)) continue;
        const id = `${std.id}|${ev.subject}|${k}`;
        const pending = std.hold ? subjectHolds(std, ev.subject).filter((h) => h.k === k).map((h) => h.hk) : [];
        const ob = {
          id,
          std,
          subject: ev.subject,
          key: k,
          startId: ev.id,
          startType: ev.type,
          startedAt: ev.t,
          held: pending,
          log: [],
          anchorAt: ev.t,
          anchorType: ev.type,
          due: null,
          runSince: null,
          wallRun: 0,
          confirmed: !std.requires || v.required.has(std.id),
          confirmedAt: ev.t,
          warned: false,
          breach: null,
          events: [ev.id],
          why: std.why ?? [],
          gen: 0,
          gone: false,
        };
        obligations.set(id, ob);
        (v.obs ??= []).push(ob);
        rebuild(ob);
      }
    }
  }
  const obligationsOf = (std, subject) => (visitOf(subject).obs ?? []).filter((ob) => ob.std === std && !ob.gone);

  for (const ev of events) {
    // Deadlines strictly before the event, then the event (events come first at an instant).
    while (heap.a.length > 0 && heap.peek()[0] < ev.t) fire(heap.pop());
    onEvent(ev);
  }
  while (heap.a.length > 0) fire(heap.pop());
  return out;
}

/** A key as the timing kind makes it: strings as is, other values as JSON; null when missing. */
function keyOrNull(v) {
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** 32-bit FNV-1a as 8 hex digits (the engine's decision-id fingerprint). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
