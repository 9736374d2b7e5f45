/** Every diagnostic of the document, with its code; clicking one shows it in the editor. */
import type { LocatedDiagnostic } from "@yardstick/engine";
import { useI18n } from "../../i18n/i18n.js";
import type { EditorApi } from "./editor-pane.js";

export function ProblemsList({ diagnostics, editor, checkMs }: { diagnostics: readonly LocatedDiagnostic[]; editor: EditorApi | null; checkMs: number | null }) {
  const { t } = useI18n();
  return (
    <section className="problems" aria-label={t("problems.title")}>
      <h2>
        {t("problems.title")} <span className="muted">({diagnostics.length})</span>
        {checkMs !== null && <span className="muted small"> · {t("problems.checkedIn", { ms: checkMs.toFixed(0) })}</span>}
      </h2>
      {diagnostics.length === 0 ? (
        <p className="ok">{t("problems.none")}</p>
      ) : (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i} className={`diag diag-${d.severity}`}>
              <button type="button" className="link" onClick={() => editor?.reveal(d.line, d.column)}>
                <code>{d.code}</code> {d.line}:{d.column}
              </button>{" "}
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
