/** Why: the selected decisions with their reasons and the events they rest on. */
import { formatDuration, localize, type Decision, type LocalizedText, type YardstickEvent } from "@yardstick/engine";
import { useI18n } from "../../i18n/i18n.js";

interface Props {
  decisions: readonly Decision[];
  events: ReadonlyMap<string, YardstickEvent>;
  titles: ReadonlyMap<string, LocalizedText | undefined>;
  timeZone: string;
}

export function DecisionDetail({ decisions, events, titles, timeZone }: Props) {
  const { t, lang } = useI18n();
  if (decisions.length === 0) return <p className="muted">{t("sim.pickDecision")}</p>;
  const time = (iso?: string) => (iso ? new Date(iso).toLocaleString(lang, { timeZone, hour12: false }) : "—");
  return (
    <div className="decision-detail" data-testid="decision-detail">
      {decisions.map((d) => (
        <article key={d.id} className={`decision decision-${d.status}`}>
          <header>
            <span className={`badge badge-${d.status}`}>{t(`status.${d.status}` as "status.met")}</span> <strong>{d.key}</strong>{" "}
            <span>{localize(titles.get(d.standard), lang)}</span>
          </header>
          <dl>
            <dt>{t("detail.subject")}</dt>
            <dd>{d.subject}</dd>
            {d.startedAt && (
              <>
                <dt>{t("detail.started")}</dt>
                <dd>{time(d.startedAt)}</dd>
              </>
            )}
            {d.dueAt && (
              <>
                <dt>{t("detail.due")}</dt>
                <dd>{time(d.dueAt)}</dd>
              </>
            )}
            <dt>{t("detail.at")}</dt>
            <dd>{time(d.at)}</dd>
            {d.elapsedMs !== undefined && (
              <>
                <dt>{t("detail.elapsed")}</dt>
                <dd>{formatDuration(d.elapsedMs, lang)}</dd>
              </>
            )}
            {d.overByMs !== undefined && d.overByMs > 0 && (
              <>
                <dt>{t("detail.overBy")}</dt>
                <dd className="bad">{formatDuration(d.overByMs, lang)}</dd>
              </>
            )}
            {d.severity && (
              <>
                <dt>{t("outline.severity")}</dt>
                <dd>{t(`severity.${d.severity}` as "severity.minor")}</dd>
              </>
            )}
            {d.level && (
              <>
                <dt>{t("detail.level")}</dt>
                <dd>
                  {d.level}
                  {d.owner ? ` → ${d.owner}` : ""}
                </dd>
              </>
            )}
            {d.ticket && (
              <>
                <dt>{t("detail.ticket")}</dt>
                <dd>
                  {d.ticket}
                  {d.overtaken?.length ? ` (${t("detail.overtook", { tickets: d.overtaken.join(", ") })})` : ""}
                </dd>
              </>
            )}
          </dl>
          <h4>{t("detail.reasons")}</h4>
          <ul className="reasons">
            {d.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          <h4>{t("detail.events")}</h4>
          <ul className="events">
            {d.events.map((id) => {
              const ev = events.get(id);
              return (
                <li key={id}>
                  <code>{id}</code> {ev ? `${ev.type} · ${time(ev.time)}${ev.data ? ` · ${JSON.stringify(ev.data)}` : ""}` : ""}
                </li>
              );
            })}
          </ul>
        </article>
      ))}
    </div>
  );
}
