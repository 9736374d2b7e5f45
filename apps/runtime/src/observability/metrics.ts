/**
 * Prometheus metrics through prom-client: the runtime's own counters, histograms and
 * gauges, and prom-client's default process and Node.js metrics (process_cpu_seconds_total,
 * process_resident_memory_bytes, nodejs_eventloop_lag_seconds, nodejs_heap_size_used_bytes,
 * …). Each runtime has its own registry (tests run several in one process). Per process:
 * scrape every instance.
 *
 * The wrappers keep the call shape the runtime used before prom-client (`inc(labels, by)`,
 * `observe(value, labels)`), and declare each metric's label names, which prom-client
 * checks on every call.
 */
import client from "prom-client";

type Labels = Record<string, string>;

class Counter {
  private readonly m: client.Counter<string>;
  constructor(registry: client.Registry, name: string, help: string, labelNames: string[] = []) {
    this.m = new client.Counter({ name, help, labelNames, registers: [registry] });
  }
  inc(labels: Labels = {}, by = 1): void {
    this.m.inc(labels, by);
  }
}

class Histogram {
  private readonly m: client.Histogram<string>;
  constructor(registry: client.Registry, name: string, help: string, buckets: number[], labelNames: string[] = []) {
    this.m = new client.Histogram({ name, help, buckets, labelNames, registers: [registry] });
  }
  observe(value: number, labels: Labels = {}): void {
    this.m.observe(labels, value);
  }
}

class Gauge {
  private readonly m: client.Gauge<string>;
  constructor(registry: client.Registry, name: string, help: string) {
    this.m = new client.Gauge({ name, help, registers: [registry] });
  }
  set(v: number): void {
    this.m.set(v);
  }
}

/** The runtime's metrics, in a registry of their own. */
export class Metrics {
  private readonly registry = new client.Registry();
  readonly events = new Counter(this.registry, "yardstick_events_total", "Events received, by result (accepted, duplicate, refused, failed).", ["result"]);
  readonly decisions = new Counter(this.registry, "yardstick_decisions_total", "Decisions recorded by this process, by status.", ["status"]);
  readonly deadlineLag = new Histogram(this.registry, "yardstick_deadline_lag_seconds", "Time from a deadline falling due to its firing being committed.", [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60]);
  readonly lastDeadlineLag = new Gauge(this.registry, "yardstick_deadline_last_lag_seconds", "Lag of the most recently fired deadline.");
  readonly requests = new Histogram(
    this.registry,
    "yardstick_http_request_duration_seconds",
    "HTTP request latency, by method, route and status.",
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ["method", "route", "status"],
  );
  readonly policyFaults = new Counter(this.registry, "yardstick_policy_faults_total", "Events an activated policy failed on (skipped by it, evaluated by the others), by policy and version.", ["policy", "version"]);
  readonly schedulerFaults = new Counter(this.registry, "yardstick_scheduler_faults_total", "Deadline evaluations that threw (the unit is quarantined and retried with backoff), by kind.", ["kind"]);
  readonly quarantined = new Gauge(this.registry, "yardstick_quarantined_units", "Subjects and policy-scoped units in quarantine (read at scrape time).");
  readonly suspendedPolicies = new Gauge(this.registry, "yardstick_suspended_policies", "Policy versions suspended after run-time faults (read at scrape time).");
  readonly authFailures = new Counter(this.registry, "yardstick_auth_failures_total", "Failed authentications, by result (unauthorized, rate_limited).", ["result"]);
  readonly unknownTypes = new Counter(this.registry, "yardstick_events_unknown_type_total", "Accepted events whose type no active policy takes (stored, judged by nothing: often a typo in an integration).");
  readonly webhookDeliveries = new Counter(this.registry, "yardstick_webhook_deliveries_total", "Webhook delivery attempts, by outcome (delivered, retry, dead).", ["outcome"]);
  readonly budget = new Counter(this.registry, "yardstick_budget_total", "Evaluate and diff requests run in workers, by outcome (ok, time, memory, busy, failed, refused).", ["outcome"]);

  constructor() {
    client.collectDefaultMetrics({ register: this.registry });
  }

  /** The Content-Type of render()'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the Prometheus text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
