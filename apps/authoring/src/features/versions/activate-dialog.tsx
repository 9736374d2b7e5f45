/**
 * Activation asks first: a modal dialog shows what the chosen version would have
 * decided differently from the active one on the last 30 days of recorded events (and
 * what changed in the document), then the manager confirms or cancels.
 */
import { useEffect, useRef, useState } from "react";
import type { DiffResult } from "../../api/client.js";
import type { Session } from "../../api/session.js";
import { useI18n } from "../../i18n/i18n.js";
import { BehaviourList, ChangeList } from "../diff/change-lists.js";
import { DEFAULT_REPLAY_DAYS, defaultRange, replayInstants } from "../diff/behaviour-summary.js";
import { describeError } from "./sign-in.js";

interface Props {
  session: Session;
  policyId: string;
  version: number;
  /** The version active now, if any. */
  active: number | null;
  /** The chosen version's message (it may carry an "[override]" reason). */
  message?: string;
  onConfirm(): void;
  onCancel(): void;
}

type Preview = { state: "loading" } | { state: "none" } | { state: "done"; diff: DiffResult } | { state: "failed"; message: string };

export function ActivateDialog({ session, policyId, version, active, message, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [preview, setPreview] = useState<Preview>(active === null || active === version ? { state: "none" } : { state: "loading" });
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  useEffect(() => {
    if (active === null || active === version) return;
    let live = true;
    (async () => {
      const target = await session.client.getVersion(policyId, version);
      const tz = target.policy.timezone ?? "UTC";
      const now = Date.now();
      const instants = replayInstants(defaultRange(now, tz), tz, now);
      return session.client.diff(policyId, active, version, instants ?? undefined);
    })().then(
      (diff) => live && setPreview({ state: "done", diff }),
      (e) => live && setPreview({ state: "failed", message: describeError(e, tRef.current) }),
    );
    return () => {
      live = false;
    };
  }, [session, policyId, version, active]);

  return (
    <dialog
      ref={ref}
      className="activate-dialog"
      aria-labelledby="activate-title"
      data-testid="activate-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="activate-title">{t("activate.title", { id: policyId, version })}</h2>
      <p>{active === null ? t("activate.noneActive") : t("activate.current", { version: active })}</p>
      {overrideReason(message) !== null && (
        <p className="guard warn-text" data-testid="activate-override">
          {t("activate.override", { reason: overrideReason(message)! })}
        </p>
      )}
      {preview.state === "loading" && (
        <p className="muted" role="status">
          {t("activate.loading", { days: DEFAULT_REPLAY_DAYS })}
        </p>
      )}
      {preview.state === "failed" && (
        <p className="error" role="alert">
          {t("activate.failed", { message: preview.message })}
        </p>
      )}
      {preview.state === "done" && active !== null && (
        <div className="activate-preview">
          <p>{t("activate.behaviour", { version, active, days: DEFAULT_REPLAY_DAYS })}</p>
          {preview.diff.behaviour && <BehaviourList behaviour={preview.diff.behaviour} limit={50} />}
          <h3>{t("diff.structural", { from: active, to: version })}</h3>
          <ChangeList changes={preview.diff.changes} />
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t("activate.cancel")}
        </button>
        <button type="button" className="primary" onClick={onConfirm} disabled={preview.state === "loading"} data-testid="activate-confirm">
          {t("activate.confirm", { version })}
        </button>
      </div>
    </dialog>
  );
}

/** The reason written when the version was published despite errors or failing tests. */
function overrideReason(message: string | undefined): string | null {
  const at = message?.indexOf("[override]") ?? -1;
  return at < 0 ? null : message!.slice(at + "[override]".length).trim();
}
