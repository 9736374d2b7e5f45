/** Sign in with an API key; the role it has decides what is offered. */
import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/client.js";
import { signIn, type Session } from "../../api/session.js";
import { useI18n } from "../../i18n/i18n.js";

export function SignIn({ onSession }: { onSession(s: Session): void }) {
  const { t } = useI18n();
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSession(await signIn(key));
      setKey("");
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sign-in" onSubmit={submit} aria-label={t("auth.signIn")}>
      <p>{t("auth.why")}</p>
      <label>
        {t("auth.key")} <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} required size={36} />
      </label>{" "}
      <button type="submit" disabled={busy || key.trim() === ""}>
        {t("auth.signIn")}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** A refusal in plain words: what the runtime said, and its code. */
export function describeError(err: unknown, t: ReturnType<typeof useI18n>["t"]): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return t("error.unauthorized", { message: err.message });
    if (err.status === 403) return t("error.forbidden", { message: err.message });
    if (err.status === 0) return t("error.network", { message: err.message });
    return `${err.message} (${err.code}, HTTP ${err.status})`;
  }
  return err instanceof Error ? err.message : String(err);
}
