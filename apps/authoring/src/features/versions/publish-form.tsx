/**
 * Publishing the editor's text as a new version, with guard rails: while the text has
 * errors or failing scenario tests, Publish is refused unless the manager ticks
 * "publish anyway" and writes why (publish-guard.ts).
 */
import { useState } from "react";
import type { CheckResult, ScenarioResult } from "@yardstick/engine";
import { useI18n } from "../../i18n/i18n.js";
import { MAX_MESSAGE, publishGuard, publishMessage } from "./publish-guard.js";

interface Props {
  policyId: string | undefined;
  check: CheckResult | null;
  /** Scenario results of the editor's text; null: the policy has none; undefined: not run yet. */
  tests: readonly ScenarioResult[] | null | undefined;
  busy: boolean;
  /** Resolves true when the version was stored (the form is then cleared). */
  onPublish(message: string): Promise<boolean>;
}

export function PublishForm({ policyId, check, tests, busy, onPublish }: Props) {
  const { t } = useI18n();
  const [message, setMessage] = useState("");
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState("");
  const guard = publishGuard(check, tests);
  const blocked = guard.state === "blocked";
  const full = publishMessage(message, blocked && override ? reason : undefined);
  const ready = message.trim() !== "" && full.length <= MAX_MESSAGE && (guard.state === "clear" || (blocked && override && reason.trim() !== ""));

  const submit = async () => {
    if (await onPublish(full)) {
      setMessage("");
      setOverride(false);
      setReason("");
    }
  };

  return (
    <div className="publish" data-testid="publish-form">
      <h3>{t("versions.publishTitle", { id: policyId ?? "?" })}</h3>
      <div className="publish-row">
        <input aria-label={t("versions.message")} placeholder={t("versions.message")} value={message} onChange={(e) => setMessage(e.target.value)} maxLength={MAX_MESSAGE} />
        <button type="button" className="primary" disabled={busy || !ready} onClick={() => void submit()}>
          {t("versions.publish")}
        </button>
      </div>
      {guard.state === "pending" && <p className="muted small">{check === null ? t("versions.notChecked") : t("versions.testsPending")}</p>}
      {blocked && (
        <div className="guard" role="alert" data-testid="publish-guard">
          <p className="warn-text">
            {t("versions.refused")} {guard.errors > 0 && t("versions.blockedErrors", { n: guard.errors })}{" "}
            {guard.failed > 0 && t("versions.blockedTests", { failed: guard.failed, total: guard.total })}
          </p>
          <label>
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> {t("versions.override")}
          </label>
          {override && (
            <label className="block">
              {t("versions.overrideReason")}
              <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} data-testid="override-reason" />
              <span className="muted small">{t("versions.overrideNote")}</span>
            </label>
          )}
        </div>
      )}
    </div>
  );
}
