/**
 * A condition builder for a start or stop matcher's `when`, on react-querybuilder:
 * groups (all / any, negated with "not"), and rules of field (fact and path), operator
 * and value. It edits a copy and writes each change back as JSON (condition-convert.ts);
 * a change made in the JSON replaces the copy. Loaded lazily: the library stays out of
 * the first load.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { QueryBuilder, type Field, type RuleGroupType, type ValueEditorProps, type ValueSelectorProps } from "react-querybuilder";
import "react-querybuilder/dist/query-builder.css";
import { useI18n } from "../../i18n/i18n.js";
import { CONDITION_OPERATORS, toCondition, toQuery } from "./condition-convert.js";

interface Props {
  condition: unknown;
  /** Data fields the policy declares for its events ("partySize"). */
  dataFields: readonly string[];
  label: string;
  onChange(condition: unknown): void;
}

export function ConditionBuilder({ condition, dataFields, label, onChange }: Props) {
  const { t } = useI18n();
  const external = useMemo(() => toQuery(condition), [condition]);
  const [query, setQuery] = useState<RuleGroupType | null>(external);
  const sent = useRef<string | null>(null);
  // Follow the JSON unless it only echoes what this builder wrote.
  useEffect(() => {
    const text = JSON.stringify(condition);
    if (text !== sent.current) setQuery(external);
  }, [condition, external]);

  const fields = useMemo<Field[]>(() => {
    const names = new Set(dataFields.map((f) => `data:$.${f}`));
    collectFields(query, names);
    return [...names].map((name) => ({ name, label: fieldLabel(name), valueEditorType: "text" as const }));
  }, [dataFields, query]);
  const operators = useMemo(() => CONDITION_OPERATORS.map((name) => ({ name, label: t(`op.${name}`) })), [t]);
  const translations = useMemo(
    () => ({
      addRule: { label: t("cond.addRule"), title: t("cond.addRule") },
      addGroup: { label: t("cond.addGroup"), title: t("cond.addGroup") },
      removeRule: { label: "⨯", title: t("cond.remove") },
      removeGroup: { label: "⨯", title: t("cond.remove") },
      notToggle: { label: t("cond.not"), title: t("cond.not") },
      fields: { title: t("cond.field") },
      operators: { title: t("cond.operator") },
      value: { title: t("cond.value") },
      combinators: { title: t("cond.combinator") },
    }),
    [t],
  );
  const combinators = useMemo(
    () => [
      { name: "and", label: t("cond.all") },
      { name: "or", label: t("cond.any") },
    ],
    [t],
  );

  if (!query) return <span className="muted">{t("form.inJson")}</span>;
  return (
    <div className="condition-builder" role="group" aria-label={label} data-testid="condition-builder">
      <QueryBuilder
        query={query}
        fields={fields}
        operators={operators}
        combinators={combinators}
        translations={translations}
        showNotToggle
        resetOnFieldChange={false}
        // Only the user's changes are written back, not the builder's first render.
        enableMountQueryChange={false}
        controlElements={{ fieldSelector: NamedSelect, operatorSelector: NamedSelect, combinatorSelector: NamedSelect, valueEditor: NamedInput }}
        onQueryChange={(q) => {
          setQuery(q);
          const c = toCondition(q);
          sent.current = JSON.stringify(c);
          onChange(c);
        }}
      />
    </div>
  );
}

/**
 * The library's selects and inputs carry only a title, which axe counts as no label
 * (label-title-only): the same controls, named by aria-label too. Our option lists are flat.
 */
function NamedSelect({ className, title, value, options, handleOnChange, disabled }: ValueSelectorProps) {
  return (
    <select className={className} title={title} aria-label={title} value={value} disabled={disabled} onChange={(e) => handleOnChange(e.target.value)}>
      {options.map((o) =>
        "options" in o ? null : (
          <option key={o.name} value={o.name}>
            {o.label}
          </option>
        ),
      )}
    </select>
  );
}

/** The value as text (JSON when it parses: condition-convert.ts), named like the selects. */
function NamedInput({ className, title, value, handleOnChange, disabled }: ValueEditorProps) {
  return <input className={className} title={title} aria-label={title} value={String(value ?? "")} disabled={disabled} onChange={(e) => handleOnChange(e.target.value)} />;
}

function collectFields(q: RuleGroupType | null, into: Set<string>): void {
  for (const r of q?.rules ?? []) {
    if (typeof r === "string") continue;
    if ("rules" in r) collectFields(r, into);
    else into.add(r.field);
  }
}

/** "data:$.partySize" → "partySize"; other facts keep their name ("event:$.type" → "event.type"). */
function fieldLabel(name: string): string {
  const [fact, path = "$"] = name.split(/:(.*)/s);
  const rest = path.replace(/^\$\.?/, "");
  return fact === "data" ? rest || "data" : `${fact}${rest ? `.${rest}` : ""}`;
}
