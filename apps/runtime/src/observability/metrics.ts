/**
 * Prometheus metrics in the text exposition format, kept by hand (a few counters and
 * histograms do not need a client library). Per process: scrape every instance.
 */
type Labels = Record<string, string>;

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = labelText(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join("\n");
  }
}

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}
  observe(value: number, labels: Labels = {}): void {
    const k = labelText(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const inner = k ? k.slice(1, -1) + "," : "";
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${inner}le="${b}"} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${inner}le="+Inf"} ${s.count}`, `${this.name}_sum${k} ${s.sum}`, `${this.name}_count${k} ${s.count}`);
    }
    return lines.join("\n");
  }
}

class Gauge {
  private value = 0;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  set(v: number): void {
    this.value = v;
  }
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.value}`].join("\n");
  }
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (!keys.length) return "";
  return `{${keys.map((k) => `${k}="${labels[k].replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`).join(",")}}`;
}

/** The runtime's metrics. */
export class Metrics {
  readonly events = new Counter("yardstick_events_total", "Events received, by result (accepted, duplicate, refused).");
  readonly decisions = new Counter("yardstick_decisions_total", "Decisions recorded by this process, by status.");
  readonly deadlineLag = new Histogram("yardstick_deadline_lag_seconds", "Time from a deadline falling due to its firing being committed.", [
    0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60,
  ]);
  readonly lastDeadlineLag = new Gauge("yardstick_deadline_last_lag_seconds", "Lag of the most recently fired deadline.");
  readonly requests = new Histogram("yardstick_http_request_duration_seconds", "HTTP request latency, by method, route and status.", [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
  ]);

  readonly policyFaults = new Counter("yardstick_policy_faults_total", "Events an activated policy failed on (skipped by it, evaluated by the others), by policy and version.");
  readonly schedulerFaults = new Counter("yardstick_scheduler_faults_total", "Deadline evaluations that threw (the unit is quarantined and retried with backoff), by kind.");
  readonly quarantined = new Gauge("yardstick_quarantined_units", "Subjects and policy-scoped units in quarantine (read at scrape time).");
  readonly suspendedPolicies = new Gauge("yardstick_suspended_policies", "Policy versions suspended after run-time faults (read at scrape time).");
  readonly authFailures = new Counter("yardstick_auth_failures_total", "Failed authentications, by result (unauthorized, rate_limited).");
  readonly budget = new Counter("yardstick_budget_total", "Evaluate and diff requests run in workers, by outcome (ok, time, memory, busy, failed).");

  render(): string {
    return (
      [this.events, this.decisions, this.deadlineLag, this.lastDeadlineLag, this.requests, this.policyFaults, this.schedulerFaults, this.quarantined, this.suspendedPolicies, this.authFailures, this.budget]
        .map((m) => m.render())
        .join("\n") + "\n"
    );
  }
}
