/**
 * The standards at a glance, in sync with the JSON: a manager changes a target
 * (within) or a severity here without reading JSON; the change is a normal, undoable
 * edit of the text.
 */
import { useEffect, useState } from "react";
import { localize } from "@yardstick/engine";
import { useI18n } from "../../i18n/i18n.js";
import type { Outline, OutlineItem } from "./outline.js";
import { setStandardField, type StandardField } from "./outline.js";
import { DURATION_UNITS, splitDuration, toIsoDuration, type DurationUnit } from "./duration.js";
import type { EditorApi } from "./editor-pane.js";

interface Props {
  outline: Outline;
  editor: EditorApi | null;
}

export function OutlinePanel({ outline, editor }: Props) {
  const { t, lang } = useI18n();
  const apply = (index: number, field: StandardField, value: string | undefined) => {
    if (!editor) return;
    const edits = setStandardField(editor.getText(), index, field, value);
    editor.applyEdits(edits, `outline-${Array.isArray(field) ? field.join("-") : field}`);
  };
  return (
    <section className="outline" aria-label={t("outline.title")}>
      <h2>
        {t("outline.title")} <span className="muted">{outline.title ? localize(outline.title, lang) : ""}</span>
      </h2>
      {outline.items.length === 0 && <p className="muted">{t("outline.empty")}</p>}
      <ol>
        {outline.items.map((item) => (
          <OutlineRow key={`${item.index}-${item.id}`} item={item} lang={lang} t={t} onReveal={() => editor?.revealOffset(item.offset)} onChange={apply} />
        ))}
      </ol>
    </section>
  );
}

interface RowProps {
  item: OutlineItem;
  lang: string;
  t: ReturnType<typeof useI18n>["t"];
  onReveal(): void;
  onChange(index: number, field: StandardField, value: string | undefined): void;
}

function OutlineRow({ item, lang, t, onReveal, onChange }: RowProps) {
  return (
    <li className="outline-item" data-standard={item.id}>
      <div className="outline-head">
        <button type="button" className="link std-id" onClick={onReveal} title={t("outline.reveal")}>
          {item.id}
        </button>
        <span className="std-title">{item.title !== undefined ? localize(item.title, lang) : ""}</span>
      </div>
      <div className="outline-body">
        {item.kind === "timing" || item.kind === "queue" ? (
          <span className="flow">
            {item.start.join(" | ") || "?"} → {item.stop.join(" | ") || "?"}
            {item.kind === "queue" && item.closing ? ` · ${t("outline.closing", { time: item.closing })}` : ""}
          </span>
        ) : (
          <span className="flow">
            {t(`kind.${item.kind}` as "kind.queue")}
            {item.levels.length > 0 ? `: ${item.levels.join(" → ")}` : ""}
          </span>
        )}
      </div>
      {item.maxWait && (
        <div className="outline-controls">
          {Object.entries(item.maxWait).map(([cls, iso]) => (
            <WithinInput key={cls} within={iso} label={t("outline.maxWait", { class: cls })} unitName={(u) => t(`unit.${u}`)} onChange={(v) => onChange(item.index, ["maxWait", cls], v)} />
          ))}
        </div>
      )}
      <div className="outline-controls">
        {item.within !== undefined && <WithinInput within={item.within} label={t("outline.within")} unitName={(u) => t(`unit.${u}`)} onChange={(v) => onChange(item.index, "within", v)} />}
        {item.within === undefined && item.deadlineFrom !== undefined && (
          <span className="muted">{t("outline.deadlineFrom", { field: item.deadlineFrom })}</span>
        )}
        <label>
          <span className="sr">{t("outline.severity")}</span>
          <select
            aria-label={`${t("outline.severity")} ${item.id}`}
            value={item.severity ?? ""}
            onChange={(e) => onChange(item.index, "severity", e.target.value || undefined)}
          >
            <option value="">{t("outline.noSeverity")}</option>
            {["minor", "major", "critical"].map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}` as "severity.minor")}
              </option>
            ))}
          </select>
        </label>
      </div>
    </li>
  );
}

/** Number + unit (in words: "2 分钟", "2 min") for an ISO duration; writes back only valid durations. */
export function WithinInput({ within, label, unitName, onChange }: { within: string; label: string; unitName(u: DurationUnit): string; onChange(iso: string): void }) {
  const parsed = splitDuration(within);
  const [value, setValue] = useState(parsed ? String(parsed.value) : "");
  const [unit, setUnit] = useState<DurationUnit>(parsed?.unit ?? "min");
  // Follow edits made in the JSON.
  useEffect(() => {
    const p = splitDuration(within);
    if (!p) return;
    setValue((v) => (Number(v) === p.value && unit === p.unit ? v : String(p.value)));
    setUnit(p.unit);
  }, [within]);
  const commit = (v: string, u: DurationUnit) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n <= 0) return;
    const iso = toIsoDuration(n, u);
    if (iso !== within) onChange(iso);
  };
  if (!parsed) return <span className="muted">{within}</span>;
  return (
    <span className="within">
      {label}{" "}
      <input
        type="number"
        min="0"
        step="any"
        aria-label={label}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          commit(e.target.value, unit);
        }}
      />
      <select
        aria-label={`${label} unit`}
        value={unit}
        onChange={(e) => {
          const u = e.target.value as DurationUnit;
          setUnit(u);
          commit(value, u);
        }}
      >
        {DURATION_UNITS.map((u) => (
          <option key={u} value={u}>
            {unitName(u)}
          </option>
        ))}
      </select>
    </span>
  );
}
