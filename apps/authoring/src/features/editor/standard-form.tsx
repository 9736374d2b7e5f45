/**
 * The form view of the timing standards, beside the JSON: ids, titles in both
 * languages side by side, start and stop events picked from the policy's declared
 * events, time limits and warnings as durations in words, severity. Every change is an
 * ordinary undoable edit of the text (form-edits.ts); an edit in the JSON shows here.
 * Conditions of start and stop events have a builder (react-querybuilder, loaded
 * lazily); holds, calendars and other kinds of standard are edited in the JSON for now.
 */
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n/i18n.js";
import type { EditorApi } from "./editor-pane.js";
import {
  addTimingStandard,
  declaredDataFields,
  declareEvent,
  EVENT_NAME,
  setFormField,
  setMatcherCondition,
  setMatcherEvent,
  timingFields,
  type FormField,
  type TimingFields,
} from "./form-edits.js";

// react-querybuilder comes with the first condition shown, not with the first view.
const ConditionBuilder = lazy(() => import("./condition-builder.js").then((m) => ({ default: m.ConditionBuilder })));

type Which = "start" | "stop";
/** What a fieldset changes: a field, a matcher's event, or a matcher's condition (undefined removes it). */
type Change = { field: FormField; value: string | undefined } | { event: Which; value: string } | { when: Which; value: unknown };
import { WithinInput } from "./outline-panel.js";

interface Props {
  text: string;
  events: readonly string[];
  editor: EditorApi | null;
}

export function StandardForm({ text, events, editor }: Props) {
  const { t } = useI18n();
  const standards = timingFields(text);
  const dataFields = declaredDataFields(text);
  const set = (index: number, c: Change) => {
    if (!editor) return;
    const current = editor.getText();
    if ("field" in c) editor.applyEdits(setFormField(current, index, c.field, c.value), `form-${typeof c.field === "object" ? `title-${c.field.title}` : c.field}`);
    else if ("event" in c) editor.applyEdits(setMatcherEvent(current, index, c.event, c.value), `form-${c.event}`);
    else editor.applyEdits(setMatcherCondition(current, index, c.when, c.value), `form-${c.when}-when`);
  };
  return (
    <section className="standard-form" aria-label={t("form.title")} data-testid="standard-form">
      <h2>{t("form.title")}</h2>
      {standards.length === 0 && <p className="muted">{t("form.none")}</p>}
      {standards.map((s) => (
        <TimingFieldset key={s.index} s={s} events={events} dataFields={dataFields} onChange={(c) => set(s.index, c)} />
      ))}
      <button type="button" disabled={!editor} onClick={() => editor?.applyEdits(addTimingStandard(editor.getText(), events), "form-add")} data-testid="form-add">
        {t("form.add")}
      </button>
      <DeclareEvent
        disabled={!editor}
        onDeclare={(name) => {
          if (!editor) return;
          const edits = declareEvent(editor.getText(), name);
          if (edits.length) editor.applyEdits(edits, "form-event");
        }}
      />
      <p className="muted small">{t("form.jsonOnly")}</p>
    </section>
  );
}

/** The condition a new "only when" starts with: the first declared data field equals true. */
function defaultCondition(dataFields: readonly string[]): unknown {
  return { fact: "data", path: `$.${dataFields[0] ?? "value"}`, operator: "equal", value: true };
}

/** Declares a new event type, so the pickers offer it. */
function DeclareEvent({ disabled, onDeclare }: { disabled: boolean; onDeclare(name: string): void }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const valid = EVENT_NAME.test(name.trim());
  return (
    <form
      className="form-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        onDeclare(name.trim());
        setName("");
      }}
    >
      <label>
        {t("form.newEvent")} <input value={name} onChange={(e) => setName(e.target.value)} placeholder="guest.seated" size={16} data-testid="form-new-event" />
      </label>
      <button type="submit" disabled={disabled || !valid}>
        {t("form.declare")}
      </button>
    </form>
  );
}

interface FieldsetProps {
  s: TimingFields;
  events: readonly string[];
  dataFields: readonly string[];
  onChange(c: Change): void;
}

function TimingFieldset({ s, events, dataFields, onChange: change }: FieldsetProps) {
  const { t } = useI18n();
  const onChange = (field: FormField, value: string | undefined) => change({ field, value });
  const unitName = (u: "s" | "min" | "h" | "d") => t(`unit.${u}`);
  const eventPicker = (field: "start" | "stop", value: string | null) =>
    value === null ? (
      <span className="muted">{t("form.inJson")}</span>
    ) : (
      <select aria-label={`${t(`form.${field}`)} ${s.id}`} value={value} onChange={(e) => change({ event: field, value: e.target.value })}>
        {!events.includes(value) && <option value={value}>{value || "—"}</option>}
        {events.map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
    );
  return (
    <fieldset className="form-standard" data-standard={s.id}>
      <legend>
        <TextField label={t("form.id")} value={s.id} onCommit={(v) => v.trim() && onChange("id", v.trim())} size={8} />
      </legend>
      <div className="form-titles">
        <TextField label={t("form.titleEn")} value={s.title.en} lang="en" onCommit={(v) => onChange({ title: "en" }, v)} />
        <TextField label={t("form.titleZh")} value={s.title["zh-CN"]} lang="zh-CN" onCommit={(v) => onChange({ title: "zh-CN" }, v)} />
      </div>
      {(["start", "stop"] as const).map((which) => {
        const when = which === "start" ? s.startWhen : s.stopWhen;
        const event = s[which];
        return (
          <div key={which} className="form-matcher">
            <div className="form-row">
              <label>
                {t(`form.${which}`)} {eventPicker(which, event)}
              </label>
              {event !== null && when === undefined && (
                <button type="button" className="link" onClick={() => change({ when: which, value: defaultCondition(dataFields) })} data-testid={`add-when-${which}`}>
                  {t("cond.add")}
                </button>
              )}
              {event !== null && when !== undefined && (
                <button type="button" className="link" onClick={() => change({ when: which, value: undefined })}>
                  {t("cond.removeAll")}
                </button>
              )}
            </div>
            {event !== null && when !== undefined && (
              <Suspense fallback={<span className="muted">…</span>}>
                <ConditionBuilder condition={when} dataFields={dataFields} label={`${t("cond.when")} (${s.id} ${t(`form.${which}`)})`} onChange={(c) => change({ when: which, value: c })} />
              </Suspense>
            )}
          </div>
        );
      })}
      <div className="form-row">
        {s.within !== undefined ? (
          <WithinInput within={s.within} label={t("outline.within")} unitName={unitName} onChange={(v) => onChange("within", v)} />
        ) : (
          <span className="muted">{t("form.withinInJson")}</span>
        )}
        {s.warnBefore !== undefined ? (
          <span>
            <WithinInput within={s.warnBefore} label={t("form.warnBefore")} unitName={unitName} onChange={(v) => onChange("warnBefore", v)} />{" "}
            <button type="button" className="link" onClick={() => onChange("warnBefore", undefined)}>
              {t("form.remove")}
            </button>
          </span>
        ) : (
          <button type="button" className="link" onClick={() => onChange("warnBefore", "PT30S")}>
            {t("form.addWarning")}
          </button>
        )}
        <label>
          {t("outline.severity")}{" "}
          <select value={s.severity ?? ""} onChange={(e) => onChange("severity", e.target.value || undefined)}>
            <option value="">{t("outline.noSeverity")}</option>
            {["minor", "major", "critical"].map((v) => (
              <option key={v} value={v}>
                {t(`severity.${v}` as "severity.minor")}
              </option>
            ))}
          </select>
        </label>
      </div>
    </fieldset>
  );
}

/**
 * A text input that writes through on every keystroke but keeps what is typed while the
 * text round-trips through the editor; it follows edits made elsewhere when not focused.
 */
function TextField({ label, value, onCommit, lang, size }: { label: string; value: string; onCommit(v: string): void; lang?: string; size?: number }) {
  const [local, setLocal] = useState(value);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (document.activeElement !== ref.current) setLocal(value);
  }, [value]);
  return (
    <label className="form-text">
      <span>{label}</span>
      <input
        ref={ref}
        lang={lang}
        value={local}
        size={size}
        onChange={(e) => {
          setLocal(e.target.value);
          onCommit(e.target.value);
        }}
        onBlur={() => setLocal(value)}
      />
    </label>
  );
}
