/**
 * Versions in the runtime: the history everyone may read, publishing and activating
 * for managers. What a role may not do is not offered; refusals are shown as said.
 */
import { useCallback, useEffect, useState } from "react";
import { localize, type CheckResult, type ScenarioResult } from "@yardstick/engine";
import { may, type PolicySummary, type VersionInfo } from "../../api/client.js";
import type { Session } from "../../api/session.js";
import { useI18n } from "../../i18n/i18n.js";
import { describeError } from "./sign-in.js";
import { PublishForm } from "./publish-form.js";
import { ActivateDialog } from "./activate-dialog.js";

interface Props {
  session: Session;
  /** Id of the policy in the editor. */
  policyId: string | undefined;
  /** The editor's text, its check and its scenario results (null: none; undefined: not run yet). */
  current(): { text: string; check: CheckResult | null; tests: readonly ScenarioResult[] | null | undefined };
  onOpen(source: string, label: string, text: string): void;
  onPublished(policyId: string, version: number, text: string): void;
}

export function VersionsPanel({ session, policyId, current, onOpen, onPublished }: Props) {
  const { t, lang } = useI18n();
  const role = session.identity.role;
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [selected, setSelected] = useState(policyId ?? "");
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [activating, setActivating] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    session.client.listPolicies().then(setPolicies, (e) => setError(describeError(e, t)));
  }, [session, t]);
  useEffect(() => {
    if (policyId) setSelected(policyId);
  }, [policyId]);

  const refresh = useCallback(async () => {
    if (!selected) return;
    try {
      setVersions(await session.client.listVersions(selected));
    } catch (e) {
      setVersions([]);
      // A policy never published has no history yet: not an error worth a red box.
      if ((e as { status?: number }).status !== 404) setError(describeError(e, t));
    }
  }, [selected, session, t]);
  useEffect(() => {
    setError(null);
    void refresh();
  }, [refresh]);

  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await what());
      await refresh();
      setPolicies(await session.client.listPolicies());
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  const publish = async (message: string) => {
    let stored = false;
    await act(async () => {
      const { text, check } = current();
      const doc = JSON.parse(text) as { id: string };
      const v = await session.client.publish(doc.id, doc, message);
      stored = true;
      if (check?.ok) onPublished(doc.id, v.version, text);
      return v.created === false ? t("versions.unchanged", { id: doc.id, version: v.version }) : t("versions.published", { id: doc.id, version: v.version });
    });
    return stored;
  };

  const open = (v: number) =>
    act(async () => {
      const r = await session.client.getVersion(selected, v);
      onOpen(`runtime:${selected}@${v}`, `${selected} v${v}`, `${JSON.stringify(r.policy, null, 2)}\n`);
      return t("versions.opened", { id: selected, version: v });
    });

  const { check, tests } = current();
  const canPublish = may(role, "publish");
  const activeVersion = versions?.find((v) => v.active)?.version ?? null;
  const ids = [...new Set([...(policyId ? [policyId] : []), ...policies.map((p) => p.id)])];

  return (
    <section className="versions" aria-label={t("versions.title")}>
      <h2>{t("versions.title")}</h2>
      <label>
        {t("versions.policy")}{" "}
        <select aria-label={t("versions.policy")} value={selected} onChange={(e) => setSelected(e.target.value)}>
          {ids.map((id) => (
            <option key={id} value={id}>
              {id}
              {policies.find((p) => p.id === id)?.title ? ` — ${localize(policies.find((p) => p.id === id)!.title as string, lang)}` : ""}
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="button" onClick={() => void refresh()}>
        {t("versions.refresh")}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="api-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {canPublish ? (
        <PublishForm policyId={policyId} check={check} tests={tests} busy={busy} onPublish={publish} />
      ) : (
        <p className="muted" data-testid="role-note">
          {t("versions.readOnly", { role: t(`role.${role ?? "unknown"}` as "role.auditor") })}
        </p>
      )}
      <table className="history" data-testid="history">
        <thead>
          <tr>
            <th>{t("versions.version")}</th>
            <th>{t("versions.message")}</th>
            <th>{t("versions.author")}</th>
            <th>{t("versions.when")}</th>
            <th>
              <span className="sr">{t("versions.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions?.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                {t("versions.none")}
              </td>
            </tr>
          )}
          {[...(versions ?? [])].sort((a, b) => b.version - a.version).map((v) => (
            <tr key={v.version} data-version={v.version} className={v.active ? "active" : ""}>
              <td>
                v{v.version} {v.active && <span className="badge badge-met">{t("versions.active")}</span>}
              </td>
              <td>{v.message}</td>
              <td>{v.author}</td>
              <td>{v.publishedAt ? new Date(v.publishedAt).toLocaleString(lang, { hour12: false }) : ""}</td>
              <td className="actions">
                <button type="button" onClick={() => void open(v.version)} disabled={busy}>
                  {t("versions.open")}
                </button>
                {may(role, "activate") && !v.active && (
                  <button type="button" disabled={busy} onClick={() => setActivating(v.version)}>
                    {t("versions.activate")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {activating !== null && (
        <ActivateDialog
          session={session}
          policyId={selected}
          version={activating}
          active={activeVersion}
          message={versions?.find((v) => v.version === activating)?.message}
          onCancel={() => setActivating(null)}
          onConfirm={() => {
            const version = activating;
            setActivating(null);
            void act(async () => (await session.client.activate(selected, version), t("versions.activated", { id: selected, version })));
          }}
        />
      )}
    </section>
  );
}
