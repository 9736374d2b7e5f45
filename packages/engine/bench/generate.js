// Synthetic event streams for the queue (bank-branch), complaint (complaint-handling) and
// restaurant (restaurant-dining) policies: deterministic for a seed, in (time, id) order, and streaming. Each is a
// small discrete-event simulation over a heap of pending actions, so memory holds what
// is in progress (waiting tickets, open complaints), never the stream.
//
//   import { queueEvents, complaintEvents } from "./generate.js";
//   for (const ev of queueEvents({ seed: 1, count: 1_000_000 })) …
//
// As a command (NDJSON on stdout, e.g. for `yardstick replay`):
//   node bench/generate.js queue 100000 [seed] > queue.ndjson
//   node bench/generate.js complaints 100000 [seed] > complaints.ndjson
//   node bench/generate.js restaurant 100000 [seed] > restaurant.ndjson
import { pathToFileURL } from "node:url";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Local midnight of Monday 2026-11-02 in Asia/Shanghai (+08:00), the policies' zone. */
const START = Date.parse("2026-11-02T00:00:00+08:00");

/** mulberry32: a small, fast, seedable PRNG in [0, 1); the one every bench and test generator uses. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pending actions by (time, sequence): the simulation's clock. */
class Agenda {
  #t = [];
  #seq = [];
  #fn = [];
  #n = 0;
  get size() {
    return this.#t.length;
  }
  at(t, fn) {
    const s = this.#n++;
    let i = this.#t.length;
    this.#t.push(t);
    this.#seq.push(s);
    this.#fn.push(fn);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.#less(p, i)) break;
      this.#swap(i, p);
      i = p;
    }
  }
  /** Removes the earliest action: [time, fn]. */
  next() {
    const t = this.#t[0];
    const fn = this.#fn[0];
    const last = this.#t.length - 1;
    this.#swap(0, last);
    this.#t.pop();
    this.#seq.pop();
    this.#fn.pop();
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.#t.length && this.#less(l, m)) m = l;
      if (r < this.#t.length && this.#less(r, m)) m = r;
      if (m === i) break;
      this.#swap(i, m);
      i = m;
    }
    return [t, fn];
  }
  #less(a, b) {
    return this.#t[a] < this.#t[b] || (this.#t[a] === this.#t[b] && this.#seq[a] < this.#seq[b]);
  }
  #swap(a, b) {
    [this.#t[a], this.#t[b]] = [this.#t[b], this.#t[a]];
    [this.#seq[a], this.#seq[b]] = [this.#seq[b], this.#seq[a]];
    [this.#fn[a], this.#fn[b]] = [this.#fn[b], this.#fn[a]];
  }
}

/**
 * Runs an agenda and yields the events its actions produce, numbered in order: since
 * actions run in time order, events come out in (time, id) order.
 */
function* run(agenda, out, count, prefix) {
  let n = 0;
  while (n < count && agenda.size > 0) {
    const [t, fn] = agenda.next();
    fn(t);
    while (out.length > 0 && n < count) {
      const [type, subject, data = {}] = out.shift();
      n++;
      yield { id: `${prefix}-${String(n).padStart(9, "0")}`, type, subject, time: new Date(t).toISOString(), t, data };
    }
    out.length = 0;
  }
}

const exp = (rnd, mean) => -Math.log(1 - rnd()) * mean;

/**
 * Bank branches' ticket queues, 09:00–17:30 every day: tickets arrive at random
 * (10% VIP), counters call the next ticket of their line (now and then out of turn, now
 * and then after a consent), some customers walk away, and tickets issued after
 * closing (and a few before) are turned away.
 */
export function* queueEvents({ seed = 1, count = 1_000_000, branches = 40, counters = 4 } = {}) {
  const rnd = random(seed);
  const agenda = new Agenda();
  const out = [];
  for (let b = 0; b < branches; b++) {
    const subject = `branch-${String(b + 1).padStart(3, "0")}/queue`;
    const lines = { normal: [], vip: [] };
    let number = 0;
    const free = [];
    const call = (t, counter) => {
      const vipDesk = counter === 0;
      const line = vipDesk ? (lines.vip.length ? lines.vip : lines.normal) : lines.normal.length ? lines.normal : lines.vip;
      if (line.length === 0) return free.push(counter);
      let pick = 0;
      if (line.length > 1 && rnd() < 0.02) pick = 1; // out of turn
      else if (line.length > 1 && rnd() < 0.01) {
        out.push(["ticket.yielded", subject, { ticket: line[0].ticket, to: line[1].ticket }]);
        pick = 1;
      }
      const [ticket] = line.splice(pick, 1);
      ticket.done = true;
      out.push(["ticket.called", subject, { ticket: ticket.ticket, counter: counter + 1 }]);
      agenda.at(t + MIN + Math.round(exp(rnd, 5 * MIN)), (t2) => call(t2, counter));
    };
    const arrive = (t, dayClose) => {
      const ticket = { ticket: `${rnd() < 0.1 ? "V" : "A"}${String(++number % 1000).padStart(3, "0")}`, done: false };
      const cls = ticket.ticket[0] === "V" ? "vip" : "normal";
      out.push(["ticket.issued", subject, { ticket: ticket.ticket, class: cls }]);
      if (t >= dayClose) {
        ticket.done = true;
        agenda.at(t + 2 * MIN, () => out.push(["ticket.turned-away", subject, { ticket: ticket.ticket }]));
        return;
      }
      lines[cls].push(ticket);
      if (free.length) call(t, free.shift());
      agenda.at(t + Math.round(exp(rnd, 45 * MIN)), () => {
        if (ticket.done) return;
        ticket.done = true;
        lines[cls].splice(lines[cls].indexOf(ticket), 1);
        out.push([rnd() < 0.1 ? "ticket.turned-away" : "ticket.abandoned", subject, { ticket: ticket.ticket }]);
      });
    };
    const day = (d) => {
      const open = START + d * DAY + 9 * HOUR;
      const close = open + 8.5 * HOUR;
      for (let c = 0; c < counters; c++) agenda.at(open + c * 1000, (t) => call(t, c));
      const next = (t) => {
        if (t > close + 15 * MIN) return;
        arrive(t, close);
        agenda.at(t + 1000 + Math.round(exp(rnd, 2 * MIN)), next);
      };
      agenda.at(open + Math.round(exp(rnd, 2 * MIN)), next);
      agenda.at(open + 20 * HOUR, () => {
        // Overnight: counters stop; what is left waiting is forgotten by the next morning.
        free.length = 0;
        lines.normal.length = 0;
        lines.vip.length = 0;
        day(d + 1);
      });
    };
    day(0);
  }
  yield* run(agenda, out, count, "q");
}

/**
 * Complaints of a property developer: about 2,000 a day on 400 topics (a few topics
 * draw most of them) from a pool of 150,000 owners; each is investigated (or, 5% of
 * them, attended on site), answered, mostly resolved within days, sometimes updated
 * (media, litigation) or reopened.
 */
export function* complaintEvents({ seed = 1, count = 1_000_000, perDay = 2000, topics = 400, owners = 150_000 } = {}) {
  const rnd = random(seed);
  const agenda = new Agenda();
  const out = [];
  let number = 0;
  const topic = () => `topic-${String(Math.floor(topics * rnd() ** 3)).padStart(3, "0")}`;
  const open = (t) => {
    const subject = `complaint-${String(++number).padStart(7, "0")}`;
    const emergency = rnd() < 0.05;
    out.push([
      "complaint.opened",
      subject,
      {
        complainant: `owner-${Math.floor(owners * rnd())}`,
        topic: topic(),
        category: "property management",
        collectiveSize: rnd() < 0.03 ? 3 + Math.floor(rnd() * 12) : 1,
        emergency,
        litigation: rnd() < 0.005,
        mediaRisk: rnd() < 0.02,
      },
    ]);
    const later = (mean, type, data) => agenda.at(t + 1000 + Math.round(exp(rnd, mean)), () => out.push(data ? [type, subject, data] : [type, subject]));
    later(emergency ? 1.5 * HOUR : 1.2 * HOUR, emergency ? "complaint.onsite" : "complaint.investigation-started");
    later(14 * HOUR, "complaint.replied");
    if (rnd() < 0.05) later(3 * DAY, "complaint.updated", { mediaExposed: true });
    if (rnd() < 0.9) {
      const resolved = t + 1000 + Math.round(exp(rnd, 6 * DAY));
      agenda.at(resolved, () => out.push(["complaint.resolved", subject]));
      if (rnd() < 0.04) agenda.at(resolved + Math.round(exp(rnd, 3 * DAY)), () => out.push(["complaint.reopened", subject]));
    }
    agenda.at(t + 1 + Math.round(exp(rnd, DAY / perDay)), open);
  };
  agenda.at(START + 8 * HOUR, open);
  yield* run(agenda, out, count, "c");
}

/**
 * Table visits of a chain's restaurants (policies/restaurant-dining): guests are seated
 * every few seconds somewhere among 40 stores × 25 tables and go through a meal: a
 * greeting (now and then slow, or never), drinks (some never come), wine for some, a
 * starter, the main course, clearing, then dessert (ordered, declined, or declined after
 * ordering), the bill and the payment. Times are random, so every standard meets,
 * warns, breaches and reports late stops.
 */
export function* restaurantEvents({ seed = 1, count = 1_000_000, perHour = 240 } = {}) {
  const rnd = random(seed);
  const agenda = new Agenda();
  const out = [];
  let number = 0;
  const visit = (t0) => {
    const n = ++number;
    const subject = `store-${String(n % 40).padStart(2, "0")}/table-${n % 25}/visit-${n}`;
    const push = (type, data) => out.push(data ? [type, subject, data] : [type, subject]);
    const at = (t, fn) => agenda.at(Math.round(t), fn);
    push("guest.seated", { partySize: 1 + Math.floor(rnd() * 6), vip: rnd() < 0.1 });
    if (rnd() < 0.97) at(t0 + exp(rnd, 1.2 * MIN), () => push("guest.greeted"));
    let t = t0 + 1.5 * MIN + exp(rnd, MIN);
    const drinks = Math.floor(rnd() * 3);
    let lastDrink = t;
    for (let d = 0; d < drinks; d++) {
      const item = d === 0 ? "tea" : "juice";
      at(t + d * 1000, () => push("drink.ordered", { item }));
      if (rnd() < 0.93) {
        const served = t + d * 1000 + exp(rnd, 3 * MIN);
        lastDrink = Math.max(lastDrink, served);
        at(served, () => push("drink.served", { item }));
      }
    }
    if (rnd() < 0.2) {
      const wine = t + exp(rnd, 2 * MIN);
      at(wine, () => push("wine.served", { item: "red" }));
      if (rnd() < 0.7) at(wine + exp(rnd, 4 * MIN), () => push("wine.refill-offered"));
    }
    t = lastDrink + exp(rnd, 3 * MIN);
    at(t, () => push("food.order-asked"));
    if (rnd() < 0.3) {
      const s = t + 10_000;
      at(s, () => push("starter.ordered", { item: "salad" }));
      if (rnd() < 0.95) at(s + exp(rnd, 4 * MIN), () => push("starter.served", { item: "salad" }));
    }
    t += 20_000 + exp(rnd, MIN);
    at(t, () => push("food.ordered", { item: "main" }));
    t += exp(rnd, 8 * MIN);
    if (rnd() < 0.98) at(t, () => push("main.served", { item: "main" }));
    t += 15 * MIN + exp(rnd, 10 * MIN);
    at(t, () => push("plates.cleared"));
    const dessert = rnd();
    if (dessert < 0.4) {
      const o = t + exp(rnd, MIN);
      at(o, () => push("dessert.ordered", { item: "cake" }));
      if (rnd() < 0.1) {
        t = o + exp(rnd, 2 * MIN);
        at(t, () => push("dessert.declined", { item: "cake" }));
      } else {
        t = o + exp(rnd, 4 * MIN);
        at(t, () => push("dessert.served", { item: "cake" }));
      }
    } else if (dessert < 0.8) {
      t += exp(rnd, MIN);
      at(t, () => push("dessert.declined"));
    }
    t += exp(rnd, 3 * MIN);
    at(t, () => push("bill.presented"));
    t += exp(rnd, 2 * MIN);
    at(t, () => push("payment.placed", { method: rnd() < 0.5 ? "card" : "cash" }));
    if (rnd() < 0.97) at(t + exp(rnd, 1.5 * MIN), () => push("payment.collected"));
    agenda.at(t0 + 1 + Math.round(exp(rnd, HOUR / perHour)), visit);
  };
  agenda.at(START + 11 * HOUR, visit);
  yield* run(agenda, out, count, "r");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [kind, n = "100000", seed = "1"] = process.argv.slice(2);
  const make = kind === "queue" ? queueEvents : kind === "complaints" ? complaintEvents : kind === "restaurant" ? restaurantEvents : null;
  if (!make) {
    console.error("usage: node bench/generate.js queue|complaints|restaurant [count] [seed]");
    process.exit(2);
  }
  let buffer = "";
  for (const { t: _t, ...ev } of make({ seed: Number(seed), count: Number(n) })) {
    buffer += JSON.stringify(ev) + "\n";
    if (buffer.length > 1 << 16) {
      if (!process.stdout.write(buffer)) await new Promise((r) => process.stdout.once("drain", r));
      buffer = "";
    }
  }
  process.stdout.write(buffer);
}
