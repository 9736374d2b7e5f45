/** The structural and behavioural change lists of a diff, in plain words. */
import type { PolicyChange } from "@yardstick/engine";
import type { DiffResult } from "../../api/client.js";
import { useI18n } from "../../i18n/i18n.js";

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

export function BehaviourList({ behaviour }: { behaviour: NonNullable<DiffResult["behaviour"]> }) {
  const { t } = useI18n();
  // Only the standards whose outcomes differ; "unchanged" alone is not news.
  const counts = Object.entries(behaviour.counts ?? {}).filter(([, v]) =>
    typeof v === "object" && v !== null ? Object.entries(v as Record<string, unknown>).some(([k, n]) => k !== "unchanged" && Number(n) > 0) : Boolean(v),
  );
  return (
    <div className="behaviour" data-testid="behaviour-changes">
      {behaviour.events !== undefined && <p className="muted">{t("diff.replayedEvents", { n: behaviour.events })}</p>}
      {counts.length > 0 && (
        <table className="counts">
          <tbody>
            {counts.map(([k, v]) => (
              <tr key={k}>
                <th>{k}</th>
                <td>{typeof v === "object" ? Object.entries(v as Record<string, unknown>).map(([a, b]) => `${a} ${String(b)}`).join(" · ") : String(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {behaviour.changes.length === 0 ? (
        <p className="muted">{t("diff.noBehaviour")}</p>
      ) : (
        <ul className="changes">
          {behaviour.changes.slice(0, 500).map((c, i) => (
            <li key={i}>
              {c.before?.status && c.after?.status ? (
                <>
                  <span className={`badge badge-${c.before.status}`}>{t(`status.${c.before.status}` as "status.met")}</span> →{" "}
                  <span className={`badge badge-${c.after.status}`}>{t(`status.${c.after.status}` as "status.met")}</span>{" "}
                </>
              ) : null}
              {c.message}
            </li>
          ))}
        </ul>
      )}
      {behaviour.changes.length > 500 && <p className="muted">{t("sim.hiddenRows", { n: behaviour.changes.length - 500 })}</p>}
    </div>
  );
}
