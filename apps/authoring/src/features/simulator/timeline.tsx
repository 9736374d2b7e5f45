/**
 * The simulation as a picture: one row per obligation, a bar from start to stop (or
 * deadline), the overrun hatched past the deadline, warnings, breaches and violations
 * as marks, escalation levels as steps. Clicking anything selects its decisions.
 * The picture is a group, not an image: its bars and marks are buttons (Tab, Enter).
 */
import type { Decision } from "@yardstick/engine";
import { useI18n } from "../../i18n/i18n.js";
import type { TimelineLayout, TimelineRow } from "./timeline-layout.js";

interface Props {
  layout: TimelineLayout;
  /** Row label for a decision key (the standard's title in the chosen language). */
  label(row: TimelineRow): string;
  selected: readonly Decision[];
  onSelect(decisions: Decision[]): void;
}

const BAR_H = 12;

export function Timeline({ layout, label, selected, onSelect }: Props) {
  const { t } = useI18n();
  const isSelected = (ds: readonly Decision[]) => ds.some((d) => selected.includes(d));
  return (
    <svg className="timeline" width={layout.width} height={layout.height} role="group" aria-label={t("sim.timeline")} data-testid="timeline">
      <defs>
        <pattern id="overrun-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="overrun-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="overrun-line" strokeWidth="3" />
        </pattern>
      </defs>
      <g className="axis">
        {layout.ticks.map((tick, i) => (
          <g key={i}>
            <line x1={tick.x} x2={tick.x} y1={18} y2={layout.height} className="grid" />
            <text x={tick.x} y={12} textAnchor="middle" className="tick">
              {tick.label}
            </text>
          </g>
        ))}
        {layout.eventXs.map((x, i) => (
          <line key={i} x1={x} x2={x} y1={19} y2={25} className="event-tick" />
        ))}
      </g>
      {layout.groups.map((g) => (
        <text key={g.subject} x={4} y={g.y + 14} className="group-label">
          {g.subject}
        </text>
      ))}
      {layout.rows.map((row) => (
        <g key={row.id} className="row" data-key={row.key} data-subject={row.subject} transform={`translate(0, ${row.y})`}>
          <rect x={0} y={0} width={layout.width} height={20} className="row-bg" />
          <text x={8} y={14} className="row-label">
            <title>{`${row.key} · ${row.subject}`}</title>
            {truncate(label(row), 26)}
          </text>
          {row.bars.map((bar, i) => (
            <g key={i} className={`bar bar-${bar.status}${isSelected(bar.decisions) ? " selected" : ""}`} data-status={bar.status} {...activate(() => onSelect(bar.decisions))}>
              <title>{bar.decisions.map((d) => `${d.key} ${t(`status.${d.status}` as "status.met")} ${d.reasons.join("; ")}`).join("\n")}</title>
              <rect x={bar.x0} y={4} width={Math.max(2, bar.x1 - bar.x0)} height={BAR_H} rx={2} />
              {bar.overrun && (
                <rect
                  className={`overrun${bar.overrun.unfinished ? " unfinished" : ""}`}
                  x={bar.overrun.x0}
                  y={4}
                  width={Math.max(2, bar.overrun.x1 - bar.overrun.x0)}
                  height={BAR_H}
                  fill="url(#overrun-hatch)"
                />
              )}
              {bar.dueX !== undefined && <line className="due" x1={bar.dueX} x2={bar.dueX} y1={1} y2={19} />}
            </g>
          ))}
          {row.steps.length > 0 && (
            <g className="steps" {...activate(() => onSelect(row.steps.map((s) => s.decision)))}>
              {row.steps.map((s, i) => {
                const h = 4 + (12 * s.rank) / Math.max(1, row.maxRank);
                return (
                  <g key={i} className={`step step-${s.rank}`} data-level={s.level}>
                    <title>{`${s.level}${s.decision.owner ? ` → ${s.decision.owner}` : ""}`}</title>
                    <rect x={s.x} y={18 - h} width={Math.max(2, s.width)} height={h} />
                    <text x={s.x + 3} y={18 - h - 1} className="step-label">
                      {s.level}
                    </text>
                  </g>
                );
              })}
            </g>
          )}
          {row.marks.map((m, i) => (
            <g key={`m${i}`} className={`mark mark-${m.kind}`} {...activate(() => onSelect([m.decision]))}>
              <title>{`${t(`status.${m.decision.status}` as "status.met")}: ${m.decision.reasons.join("; ")}`}</title>
              {m.kind === "warning" && <polygon points={`${m.x},2 ${m.x - 5},11 ${m.x + 5},11`} />}
              {m.kind === "breach" && <path d={`M${m.x - 4},6 L${m.x + 4},14 M${m.x + 4},6 L${m.x - 4},14`} />}
              {m.kind === "violation" && <polygon points={`${m.x},3 ${m.x + 6},10 ${m.x},17 ${m.x - 6},10`} />}
            </g>
          ))}
        </g>
      ))}
    </svg>
  );
}

/** Clickable and reachable with the keyboard (Tab, then Enter or Space). */
function activate(onSelect: () => void) {
  return {
    role: "button",
    tabIndex: 0,
    onClick: onSelect,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        onSelect();
      }
    },
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** What the colours and shapes mean. */
export function TimelineLegend() {
  const { t } = useI18n();
  const items: Array<[string, string]> = [
    ["met", t("status.met")],
    ["breached", t("status.breached")],
    ["overrun", t("sim.overrun")],
    ["warning", t("status.warning")],
    ["open", t("status.open")],
    ["cancelled", t("status.cancelled")],
    ["violation", t("status.violation")],
    ["classified", t("status.classified")],
  ];
  return (
    <ul className="legend">
      {items.map(([k, text]) => (
        <li key={k}>
          <span className={`swatch swatch-${k}`} /> {text}
        </li>
      ))}
    </ul>
  );
}
