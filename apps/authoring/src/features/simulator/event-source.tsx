/**
 * Where the simulator's events come from: one of the policy's scenario cases, pasted
 * NDJSON, or quick lines ("guest.seated at 12:00").
 */
import { useEffect, useMemo, useState } from "react";
import type { ScenarioFile, YardstickEvent } from "@yardstick/engine";
import { useI18n } from "../../i18n/i18n.js";
import { parseNdjson, parseQuickEvents, scenarioEvents, toNdjson, type InputProblem } from "./event-input.js";
import { QuickForm } from "./quick-form.js";

export type SourceMode = "scenario" | "ndjson" | "quick";

export interface SimInput {
  events: YardstickEvent[];
  until?: string;
  problems: InputProblem[];
}

interface Props {
  scenarios: ScenarioFile | null;
  timeZone: string;
  /** Quick lines to start from when the policy has no scenarios. */
  example: string;
  /** The policy's declared event types, offered by the quick form. */
  eventTypes: readonly string[];
  mode: SourceMode;
  onMode(m: SourceMode): void;
  caseIndex: number;
  onCase(i: number): void;
  onInput(input: SimInput): void;
}

export function EventSource({ scenarios, timeZone, example, eventTypes, mode, onMode, caseIndex, onCase, onInput }: Props) {
  const { t } = useI18n();
  const [ndjson, setNdjson] = useState("");
  const [quick, setQuick] = useState(example);
  const [date, setDate] = useState("2026-11-22");
  const [subject, setSubject] = useState("sim/visit-1");
  const [until, setUntil] = useState("");
  const cases = scenarios?.cases ?? [];
  const current = cases[Math.min(caseIndex, cases.length - 1)];

  const input = useMemo<SimInput>(() => {
    const u = until.trim() || undefined;
    if (mode === "scenario" && current) return { events: scenarioEvents(current, caseIndex), until: u ?? current.until, problems: [] };
    if (mode === "ndjson") return { ...parseNdjson(ndjson, subject), until: u };
    if (mode === "quick") return { ...parseQuickEvents(quick, { date, timeZone, subject }), until: u };
    return { events: [], problems: [] };
  }, [mode, current, caseIndex, ndjson, quick, date, timeZone, subject, until]);

  useEffect(() => onInput(input), [input, onInput]);

  return (
    <div className="event-source">
      <div className="segmented" role="tablist" aria-label={t("sim.source")}>
        {(["scenario", "ndjson", "quick"] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={mode === m ? "active" : ""} onClick={() => onMode(m)} disabled={m === "scenario" && cases.length === 0}>
            {t(`sim.mode.${m}`)}
          </button>
        ))}
      </div>
      {mode === "scenario" && current && (
        <div className="source-body">
          <label>
            {t("sim.case")}{" "}
            <select aria-label={t("sim.case")} value={caseIndex} onChange={(e) => onCase(Number(e.target.value))}>
              {cases.map((c, i) => (
                <option key={i} value={i}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>{" "}
          <button
            type="button"
            className="link"
            onClick={() => {
              setNdjson(toNdjson(input.events));
              onMode("ndjson");
            }}
          >
            {t("sim.editCopy")}
          </button>
          <pre className="event-list" tabIndex={0} aria-label={t("sim.caseEvents")}>{input.events.map((e) => `${e.time}  ${e.type}  ${e.subject}${e.data ? `  ${JSON.stringify(e.data)}` : ""}`).join("\n")}</pre>
        </div>
      )}
      {mode === "ndjson" && (
        <div className="source-body">
          <textarea aria-label={t("sim.mode.ndjson")} value={ndjson} placeholder='{"id":"e1","type":"guest.seated","subject":"visit-1","time":"2026-11-22T12:00:00+08:00"}' onChange={(e) => setNdjson(e.target.value)} rows={7} spellCheck={false} />
        </div>
      )}
      {mode === "quick" && (
        <div className="source-body">
          <div className="row-inputs">
            <label>
              {t("sim.date")} <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </label>
            <label>
              {t("sim.subject")} <input value={subject} onChange={(e) => setSubject(e.target.value)} size={16} />
            </label>
            <span className="muted small">{timeZone}</span>
          </div>
          <QuickForm eventTypes={eventTypes} onAdd={(line) => setQuick((q) => `${q.replace(/\s+$/, "")}${q.trim() ? "\n" : ""}${line}`)} />
          <textarea aria-label={t("sim.mode.quick")} value={quick} onChange={(e) => setQuick(e.target.value)} rows={6} spellCheck={false} />
          <p className="muted small">{t("sim.quickHelp")}</p>
        </div>
      )}
      <label className="until">
        {t("sim.until")}{" "}
        <input value={until} onChange={(e) => setUntil(e.target.value)} placeholder={mode === "scenario" && current?.until ? current.until : t("sim.untilPlaceholder")} size={28} />
      </label>
      {input.problems.length > 0 && (
        <ul className="input-problems">
          {input.problems.map((p, i) => (
            <li key={i}>{t("sim.lineProblem", { line: p.line, message: p.message })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
