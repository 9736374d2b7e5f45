/** The structural and behavioural change lists of a diff, in plain words. */
import type { PolicyChange } from "@yardstick/engine";
import type { DiffResult } from "../../api/client.js";
import { useI18n } from "../../i18n/i18n.js";
import { summarizeChanges } from "./behaviour-summary.js";

export function ChangeList({ changes }: { changes: readonly PolicyChange[] }) {
  const { t } = useI18n();
  if (changes.length === 0) return <p className="muted">{t("diff.noChanges")}</p>;
  return (
    <ul className="changes" data-testid="structural-changes">
      {changes.map((c, i) => (
        <li key={i} className={`change change-${c.kind}`}>
          <span className={`badge badge-${c.kind}`}>{t(`diff.kind.${c.kind}` as "diff.kind.added")}</span> {c.message}{" "}
          <code className="muted small">{c.path}</code>
        </li>
      ))}
    </ul>
  );
}

/** A status badge; "none" stands for no outcome. */
function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{t(`status.${status}` as "status.met")}</span>;
}

/**
 * The behavioural diff: how many obligations of each standard change from one outcome
 * to another ("R1: 14 breached → met") first, then each change.
 */
export function BehaviourList({ behaviour, limit = 500 }: { behaviour: NonNullable<DiffResult["behaviour"]>; limit?: number }) {
  const { t } = useI18n();
  const counts = behaviour.counts ?? {};
  // The runtime's summary counts every change, also those past the listed ones.
  const summary = behaviour.transitions ?? summarizeChanges(behaviour.changes, Object.keys(counts));
  const total = behaviour.changesTotal ?? behaviour.changes.length;
  const unchanged = Object.values(counts).reduce<number>((n, c) => n + (typeof c === "object" && c !== null ? Number((c as { unchanged?: number }).unchanged ?? 0) : 0), 0);
  return (
    <div className="behaviour" data-testid="behaviour-changes">
      {behaviour.events !== undefined && <p className="muted">{t("diff.replayedEvents", { n: behaviour.events })}</p>}
      {summary.length > 0 && (
        <ul className="behaviour-summary" data-testid="behaviour-summary" aria-label={t("diff.summary")}>
          {summary.map((s) => (
            <li key={`${s.standard} ${s.before} ${s.after}`}>
              <strong>{s.standard}</strong>: {t(s.count === 1 ? "diff.countOne" : "diff.countMany", { n: s.count })} <StatusBadge status={s.before} /> →{" "}
              <StatusBadge status={s.after} />
            </li>
          ))}
        </ul>
      )}
      {unchanged > 0 && <p className="muted small">{unchanged === 1 ? t("diff.unchangedOne") : t("diff.unchanged", { n: unchanged })}</p>}
      {behaviour.changes.length === 0 ? (
        <p className="muted">{t("diff.noBehaviour")}</p>
      ) : (
        <details className="behaviour-detail" open={total <= 20}>
          <summary>{t("diff.detail", { n: total })}</summary>
          <ul className="changes">
            {behaviour.changes.slice(0, limit).map((c, i) => (
              <li key={i}>
                {c.before?.status && c.after?.status ? (
                  <>
                    <StatusBadge status={c.before.status} /> → <StatusBadge status={c.after.status} />{" "}
                  </>
                ) : null}
                {c.message}
              </li>
            ))}
          </ul>
          {total > Math.min(limit, behaviour.changes.length) && <p className="muted">{t("diff.hidden", { n: total - Math.min(limit, behaviour.changes.length) })}</p>}
        </details>
      )}
    </div>
  );
}
