/**
 * Two versions side by side: Monaco's diff editor on the documents, the structural
 * change list in plain words, and the behavioural diff — what the change would have
 * decided differently on the runtime's recorded events over a chosen date range.
 */
import { useEffect, useState } from "react";
import { DiffEditor } from "@monaco-editor/react";
import { diffPolicies, type PolicyChange, type PolicyDoc } from "@yardstick/engine";
import type { DiffResult, PolicySummary, VersionInfo } from "../../api/client.js";
import type { Session } from "../../api/session.js";
import { useI18n } from "../../i18n/i18n.js";
import { describeError } from "../versions/sign-in.js";
import { localIso } from "../simulator/event-input.js";
import { BehaviourList, ChangeList } from "./change-lists.js";

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
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [id, setId] = useState(policyId ?? "");
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [behaviour, setBehaviour] = useState<DiffResult["behaviour"] | null>(null);
  const [range, setRange] = useState({ from: "2026-11-01", to: "2026-11-30" });
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
        if ((e as { status?: number }).status !== 404) setError(describeError(e, t));
      },
    );
  }, [id, session, t]);

  const compare = async () => {
    if (from === null || to === null) return;
    setBusy(true);
    setError(null);
    setBehaviour(null);
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
      setLoaded({ from, to, fromDoc: a.policy, toDoc: b.policy, changes, local });
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  const replay = async () => {
    if (!loaded) return;
    const tz = loaded.toDoc.timezone ?? "UTC";
    const start = localIso(range.from, "00:00", tz);
    const end = localIso(nextDay(range.to), "00:00", tz);
    if (!start || !end) return setError(t("diff.badRange"));
    setBusy(true);
    setError(null);
    try {
      setBehaviour((await session.client.diff(id, loaded.from, loaded.to, { from: start, to: end })).behaviour ?? { changes: [] });
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
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
          <div className="diff-editor" data-testid="diff-editor">
            <DiffEditor
              original={`${JSON.stringify(loaded.fromDoc, null, 2)}\n`}
              modified={`${JSON.stringify(loaded.toDoc, null, 2)}\n`}
              originalModelPath={`file:///diff/${id}-v${loaded.from}-${loaded.to}-a.json`}
              modifiedModelPath={`file:///diff/${id}-v${loaded.from}-${loaded.to}-b.json`}
              language="json"
              options={{
                readOnly: true,
                automaticLayout: true,
                minimap: { enabled: false },
                renderSideBySide: true,
                scrollBeyondLastLine: false,
                // Show the changes, folded between a few lines of context.
                hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 20 },
                unicodeHighlight: { ambiguousCharacters: false },
              }}
            />
          </div>
          <h3>
            {t("diff.structural", { from: loaded.from, to: loaded.to })} {loaded.local && <span className="muted small">({t("diff.local")})</span>}
          </h3>
          <ChangeList changes={loaded.changes} />
          <h3>{t("diff.behavioural")}</h3>
          <div className="row-inputs">
            <label>
              {t("diff.replayFrom")} <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
            </label>
            <label>
              {t("diff.replayTo")} <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
            </label>
            <button type="button" onClick={() => void replay()} disabled={busy}>
              {t("diff.replay")}
            </button>
          </div>
          {behaviour && <BehaviourList behaviour={behaviour} />}
        </>
      )}
    </section>
  );
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
