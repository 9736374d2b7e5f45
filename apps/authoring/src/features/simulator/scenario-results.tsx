/** The policy's scenario tests, run in the browser on every edit: pass or fail, and why. */
import type { ScenarioResult } from "@yardstick/engine";
import { useI18n } from "../../i18n/i18n.js";

export function ScenarioResults({ results, onShow }: { results: readonly ScenarioResult[] | null; onShow(index: number): void }) {
  const { t } = useI18n();
  if (results === null) return <p className="muted">{t("tests.none")}</p>;
  const failed = results.filter((r) => !r.ok).length;
  return (
    <section className="scenario-results" data-testid="scenario-results">
      <h3>
        {t("tests.title")}: <span className={failed ? "bad" : "ok"}>{t("tests.summary", { passed: results.length - failed, failed })}</span>
      </h3>
      <ul>
        {results.map((r, i) => (
          <li key={i} className={r.ok ? "pass" : "fail"} data-ok={r.ok}>
            <span aria-hidden>{r.ok ? "✓" : "✗"}</span>{" "}
            <button type="button" className="link" onClick={() => onShow(i)} title={t("tests.show")}>
              {r.name}
            </button>
            {!r.ok && (
              <ul className="failures">
                {r.failures.map((f, j) => (
                  <li key={j}>{f}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
