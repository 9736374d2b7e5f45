/**
 * The authoring app: edit a policy (Monaco + outline), simulate it on every edit,
 * and — signed in to the runtime — publish, activate and compare versions.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CompiledPolicy, ScenarioResult } from "@yardstick/engine";
import { useI18n, LANGS, type Lang } from "./i18n/i18n.js";
import type { EditorApi } from "./features/editor/editor-pane.js";
import { OutlinePanel } from "./features/editor/outline-panel.js";
import { StandardForm } from "./features/editor/standard-form.js";
import { ProblemsList } from "./features/editor/problems-list.js";
import { extractOutline } from "./features/editor/outline.js";
import { scenariosFor, shippedPolicies } from "./features/editor/sources.js";
import { useDocument } from "./features/editor/use-document.js";
import { SimulatorPanel } from "./features/simulator/simulator-panel.js";
import { VersionsPanel } from "./features/versions/versions-panel.js";
import { SignIn } from "./features/versions/sign-in.js";
import { DiffView } from "./features/diff/diff-view.js";
import type { CheckOutcome } from "./monaco/diagnostics.js";
import { signIn, signOut, storedKey, type Session } from "./api/session.js";
import { may } from "./api/client.js";

type Tab = "edit" | "versions" | "diff";

// Monaco is most of the app's weight: it arrives in its own chunk while the rest draws.
const EditorPane = lazy(() => import("./features/editor/editor-pane.js").then((m) => ({ default: m.EditorPane })));

export function App() {
  const { t, lang, setLang } = useI18n();
  const [tab, setTab] = useState<Tab>("edit");
  const [side, setSide] = useState<"outline" | "form">("outline");
  const [editor, setEditor] = useState<EditorApi | null>(null);
  const editorRef = useRef<EditorApi | null>(null);
  const getText = useCallback(() => editorRef.current?.getText() ?? null, []);
  const docs = useDocument(getText);
  const [outcome, setOutcome] = useState<CheckOutcome | null>(null);
  // The last policy that compiled, its text, and which opened document it belongs to.
  const [lastGood, setLastGood] = useState<{ nonce: number; policy: CompiledPolicy; text: string } | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const shipped = useMemo(() => shippedPolicies(), []);
  const [tests, setTests] = useState<{ results: ScenarioResult[] | null; text: string | null }>({ results: null, text: null });
  const onTests = useCallback((results: ScenarioResult[] | null, text: string | null) => setTests({ results, text }), []);

  const onReady = useCallback((api: EditorApi | null) => {
    editorRef.current = api;
    setEditor(api);
  }, []);
  const { changed } = docs;
  const nonce = docs.doc.nonce;
  const onOutcome = useCallback(
    (o: CheckOutcome) => {
      setOutcome(o);
      if (o.result.ok) setLastGood({ nonce, policy: o.result.policy, text: o.text });
      changed(o.text);
    },
    [changed, nonce],
  );

  // A key from earlier in this tab signs in again silently.
  useEffect(() => {
    const key = storedKey();
    if (key) signIn(key).then(setSession, () => signOut());
  }, []);

  const outline = useMemo(() => extractOutline(outcome?.text ?? docs.doc.initialText), [outcome?.text, docs.doc.initialText]);
  const scenarios = useMemo(() => scenariosFor(outline.id), [outline.id]);
  const diagnostics = outcome?.result.diagnostics ?? [];
  const stale = outcome !== null && !outcome.result.ok;
  const simulated = outcome?.result.ok ? { policy: outcome.result.policy, text: outcome.text } : lastGood?.nonce === nonce ? lastGood : null;

  return (
    <div className="app">
      <header className="top">
        <h1>Yardstick</h1>
        <label>
          <span className="sr">{t("app.open")}</span>
          <select
            aria-label={t("app.open")}
            value={docs.doc.source}
            onChange={(e) => {
              const v = e.target.value;
              if (v === "new") return docs.openNew();
              const p = shipped.find((s) => `shipped:${s.name}` === v);
              if (p) docs.open(v, p.name, p.text);
            }}
          >
            {shipped.map((p) => (
              <option key={p.name} value={`shipped:${p.name}`}>
                {p.name}
              </option>
            ))}
            {!docs.doc.source.startsWith("shipped:") && docs.doc.source !== "new" && <option value={docs.doc.source}>{docs.doc.label}</option>}
            <option value="new">{t("app.newPolicy")}</option>
          </select>
        </label>
        {docs.dirty && (
          <span className="draft-note" data-testid="draft-note">
            {docs.doc.restored ? t("app.draftRestored") : t("app.unsaved")}{" "}
            <button type="button" className="link" onClick={() => confirm(t("app.discardConfirm")) && docs.discard()}>
              {t("app.discard")}
            </button>
          </span>
        )}
        <nav className="tabs" role="tablist">
          {(["edit", "versions", "diff"] as const).map((x) => (
            <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? "active" : ""} onClick={() => setTab(x)}>
              {t(`tab.${x}`)}
            </button>
          ))}
        </nav>
        <div className="spacer" />
        {session ? (
          <span className="who" data-testid="who">
            {t("auth.as", { role: t(`role.${session.identity.role ?? "unknown"}` as "role.auditor") })}
            {session.identity.name ? ` (${session.identity.name})` : ""}{" "}
            <button
              type="button"
              className="link"
              onClick={() => {
                signOut();
                setSession(null);
              }}
            >
              {t("auth.signOut")}
            </button>
          </span>
        ) : (
          <button type="button" className="link" onClick={() => setTab("versions")}>
            {t("auth.signIn")}
          </button>
        )}
        <select aria-label={t("app.language")} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {l === "en" ? "English" : "简体中文"}
            </option>
          ))}
        </select>
      </header>

      <main className={`tab-${tab}`}>
        <div className="edit-layout" hidden={tab !== "edit"}>
          <div className="edit-top">
            <Suspense fallback={<EditorLoading text={docs.doc.initialText} />}>
              <EditorPane doc={docs.doc} onOutcome={onOutcome} onReady={onReady} />
            </Suspense>
            <aside className="side">
              <ProblemsList diagnostics={diagnostics} editor={editor} checkMs={outcome?.ms ?? null} />
              <div className="segmented side-switch" role="group" aria-label={t("side.view")}>
                {(["outline", "form"] as const).map((v) => (
                  <button key={v} type="button" aria-pressed={side === v} className={side === v ? "active" : ""} onClick={() => setSide(v)}>
                    {t(`side.${v}`)}
                  </button>
                ))}
              </div>
              {side === "outline" ? (
                <OutlinePanel outline={outline} editor={editor} />
              ) : (
                <StandardForm text={outcome?.text ?? docs.doc.initialText} events={outline.events} editor={editor} />
              )}
            </aside>
          </div>
          <SimulatorPanel
            policy={simulated?.policy ?? null}
            text={simulated?.text ?? null}
            stale={stale}
            outline={outline}
            scenarios={scenarios}
            onTests={onTests}
          />
        </div>
        {tab !== "edit" && !session && <SignIn onSession={setSession} />}
        {tab !== "edit" && session && !may(session.identity.role, "read") && (
          <p className="error" role="alert">
            {t("versions.cannotRead", { role: t(`role.${session.identity.role ?? "unknown"}` as "role.auditor") })}
          </p>
        )}
        {tab === "versions" && session && may(session.identity.role, "read") && (
          <VersionsPanel
            session={session}
            policyId={outline.id}
            current={() => {
              const text = editorRef.current?.getText() ?? "";
              // Scenario results count only for the text in the editor; null = none to run.
              const results = scenarios === null ? null : tests.text === text ? tests.results : undefined;
              return { text, check: outcome?.text === text ? outcome.result : null, tests: results };
            }}
            onOpen={(source, label, text) => {
              docs.open(source, label, text);
              setTab("edit");
            }}
            onPublished={(id, v, text) => docs.rebase(`runtime:${id}@${v}`, `${id} v${v}`, text)}
          />
        )}
        {tab === "diff" && session && may(session.identity.role, "read") && <DiffView session={session} policyId={outline.id} />}
      </main>
    </div>
  );
}

/** The document as plain text while Monaco loads: the first view is readable at once. */
function EditorLoading({ text }: { text: string }) {
  const { t } = useI18n();
  return (
    <div className="editor-host editor-loading" data-testid="editor-loading">
      <div className="editor-bar">
        <span role="status">{t("editor.loading")}</span>
      </div>
      <pre className="editor-box" tabIndex={0} aria-label={t("editor.label")}>
        {text}
      </pre>
    </div>
  );
}
