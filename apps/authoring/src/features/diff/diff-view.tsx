/**
 * Two versions side by side: Monaco's diff editor on the documents (loaded lazily), the
 * structural change list in plain words, and the behavioural diff — what the change
 * would have decided differently on the runtime's recorded events, by default over the
 * last 30 days, counted per standard before the detail.
 */
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { diffPolicies, type PolicyChange, type PolicyDoc } from "@yardstick/engine";
import type { DiffResult, PolicySummary, VersionInfo } from "../../api/client.js";
import type { Session } from "../../api/session.js";
import { useI18n } from "../../i18n/i18n.js";
import { describeError } from "../versions/sign-in.js";
import { BehaviourList, ChangeList } from "./change-lists.js";
import { defaultRange, replayInstants } from "./behaviour-summary.js";

const PolicyDiffEditor = lazy(() => import("./diff-editor.js").then((m) => ({ default: m.PolicyDiffEditor })));

interface Props {
  session: Session;
  policyId: string | undefined;
}

interface Loaded {
  from: number;
  to: number;
  fromDoc: PolicyDoc;
  toDoc: PolicyDoc;
  changes: PolicyChange[];
  /** The runtime refused or failed: the list was computed in the browser. */
  local: boolean;
}

export function DiffView({ session, policyId }: Props) {
  const { t } = useI18n();
  // Messages are made when an answer arrives; switching language must not refetch (or
  // drop the diff editor), so the effects read the current `t` through a ref.
  const tRef = useRef(t);
  tRef.current = t;
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [id, setId] = useState(policyId ?? "");
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [behaviour, setBehaviour] = useState<DiffResult["behaviour"] | null>(null);
  // Dates in the browser's zone until a policy is loaded; then in the policy's.
  const [range, setRange] = useState(() => defaultRange(Date.now(), Intl.DateTimeFormat().resolvedOptions().timeZone));
  const rangeEdited = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    session.client.listPolicies().then(setPolicies, () => setPolicies([]));
  }, [session]);
  useEffect(() => {
    if (policyId) setId(policyId);
  }, [policyId]);
  useEffect(() => {
    if (!id) return;
    setLoaded(null);
    setBehaviour(null);
    session.client.listVersions(id).then(
      (vs) => {
        const sorted = [...vs].sort((a, b) => a.version - b.version);
        setVersions(sorted);
        setTo(sorted.at(-1)?.version ?? null);
        setFrom(sorted.at(-2)?.version ?? sorted.at(-1)?.version ?? null);
      },
      (e) => {
        setVersions([]);
        if ((e as { status?: number }).status !== 404) setError(describeError(e, tRef.current));
      },
    );
  }, [id, session]);

  const replay = async (l: Loaded, dates: { from: string; to: string }) => {
    const instants = replayInstants(dates, l.toDoc.timezone ?? "UTC", Date.now());
    if (!instants) return setError(t("diff.badRange"));
    setBusy(true);
    setError(null);
    try {
      setBehaviour((await session.client.diff(id, l.from, l.to, instants)).behaviour ?? { changes: [] });
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  const compare = async () => {
    if (from === null || to === null) return;
    setBusy(true);
    setError(null);
    setBehaviour(null);
    let next: Loaded | null = null;
    try {
      const [a, b] = await Promise.all([session.client.getVersion(id, from), session.client.getVersion(id, to)]);
      let changes: PolicyChange[];
      let local = false;
      try {
        changes = (await session.client.diff(id, from, to)).changes;
      } catch (e) {
        setError(describeError(e, t));
        changes = diffPolicies(a.policy, b.policy);
        local = true;
      }
      next = { from, to, fromDoc: a.policy, toDoc: b.policy, changes, local };
      setLoaded(next);
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
    if (!next || next.local) return;
    // The behaviour on recorded events comes with the comparison, over the default
    // range unless the user chose dates.
    const dates = rangeEdited.current ? range : defaultRange(Date.now(), next.toDoc.timezone ?? "UTC");
    setRange(dates);
    await replay(next, dates);
  };

  const ids = [...new Set([...(policyId ? [policyId] : []), ...policies.map((p) => p.id)])];
  const versionSelect = (label: string, value: number | null, set: (v: number) => void) => (
    <label>
      {label}{" "}
      <select aria-label={label} value={value ?? ""} onChange={(e) => set(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version} {v.message ? `— ${v.message.slice(0, 40)}` : ""}
          </option>
        ))}
      </select>
    </label>
  );
  const setDate = (k: "from" | "to", v: string) => {
    rangeEdited.current = true;
    setRange((r) => ({ ...r, [k]: v }));
  };

  return (
    <section className="diff" aria-label={t("diff.title")}>
      <h2>{t("diff.title")}</h2>
      <div className="row-inputs">
        <label>
          {t("versions.policy")}{" "}
          <select aria-label={t("versions.policy")} value={id} onChange={(e) => setId(e.target.value)}>
            {ids.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        {versionSelect(t("diff.from"), from, setFrom)}
        {versionSelect(t("diff.to"), to, setTo)}
        <button type="button" onClick={() => void compare()} disabled={busy || from === null || to === null}>
          {t("diff.compare")}
        </button>
      </div>
      {versions.length < 2 && <p className="muted">{t("diff.needTwo")}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {loaded && (
        <>
          <h3>{t("diff.behavioural")}</h3>
          <div className="row-inputs">
            <label>
              {t("diff.replayFrom")} <input type="date" aria-label={t("diff.replayFromDate")} value={range.from} onChange={(e) => setDate("from", e.target.value)} />
            </label>
            <label>
              {t("diff.replayTo")} <input type="date" aria-label={t("diff.replayToDate")} value={range.to} onChange={(e) => setDate("to", e.target.value)} />
            </label>
            <button type="button" onClick={() => void replay(loaded, range)} disabled={busy}>
              {t("diff.replay")}
            </button>
            <span className="muted small">{loaded.toDoc.timezone ?? "UTC"}</span>
          </div>
          {behaviour && <BehaviourList behaviour={behaviour} />}
          <h3>
            {t("diff.structural", { from: loaded.from, to: loaded.to })} {loaded.local && <span className="muted small">({t("diff.local")})</span>}
          </h3>
          <ChangeList changes={loaded.changes} />
          <div className="diff-editor" data-testid="diff-editor">
            <Suspense fallback={<p className="muted">{t("editor.loading")}</p>}>
              <PolicyDiffEditor
                key={`${id}-${loaded.from}-${loaded.to}`}
                original={`${JSON.stringify(loaded.fromDoc, null, 2)}\n`}
                modified={`${JSON.stringify(loaded.toDoc, null, 2)}\n`}
                pathPrefix={`file:///diff/${id}-v${loaded.from}-${loaded.to}`}
                labels={{ original: `v${loaded.from}`, modified: `v${loaded.to}` }}
              />
            </Suspense>
          </div>
        </>
      )}
    </section>
  );
}
