/**
 * The document being edited: where it came from, what it was when opened, and its
 * draft. Opening restores a draft left by an earlier visit; every change is saved
 * (shortly debounced, and flushed when the page is hidden or closed).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { DraftStore } from "./drafts.js";
import { shippedPolicies } from "./sources.js";

export interface OpenDocument {
  /** "shipped:<name>", "runtime:<id>@<version>" or "new". */
  source: string;
  label: string;
  /** Text as opened from its source. */
  baseText: string;
  /** Text the editor starts with (the draft when one was restored). */
  initialText: string;
  /** Changes on every open or discard, so the editor starts a fresh model. */
  nonce: number;
  /** A draft from an earlier visit was restored. */
  restored: boolean;
}

const NEW_POLICY = `{
  "id": "new-policy",
  "title": { "en": "New policy", "zh-CN": "新策略" },
  "events": {
    "guest.seated": { "description": { "en": "Guests sit down", "zh-CN": "客人入座" } },
    "guest.greeted": { "description": { "en": "A server has spoken to the guests", "zh-CN": "服务员已招呼客人" } }
  },
  "standards": [
    {
      "id": "S1",
      "kind": "timing",
      "title": { "en": "Greet a seated guest within 2 minutes", "zh-CN": "客人入座后 2 分钟内问候" },
      "start": "guest.seated",
      "stop": "guest.greeted",
      "within": "PT2M"
    }
  ]
}
`;

let nonceCounter = 0;

function opened(drafts: DraftStore, source: string, label: string, text: string): OpenDocument {
  const draft = drafts.load(source);
  drafts.setCurrent(source, label);
  const restored = draft !== null && draft.text !== draft.baseText;
  return { source, label, baseText: text, initialText: restored ? draft.text : text, nonce: ++nonceCounter, restored };
}

function firstDocument(drafts: DraftStore): OpenDocument {
  const shipped = shippedPolicies();
  const current = drafts.current();
  if (current) {
    const s = shipped.find((p) => `shipped:${p.name}` === current.source);
    if (s) return opened(drafts, current.source, current.label, s.text);
    // A runtime version or a new policy: its draft carries the text it was opened with.
    const draft = drafts.load(current.source);
    if (draft) return opened(drafts, current.source, current.label, draft.baseText);
    if (current.source === "new") return opened(drafts, "new", current.label, NEW_POLICY);
  }
  if (shipped[0]) return opened(drafts, `shipped:${shipped[0].name}`, shipped[0].name, shipped[0].text);
  return opened(drafts, "new", "new-policy", NEW_POLICY);
}

export interface DocumentControls {
  doc: OpenDocument;
  /** True when the editor's text differs from the text as opened. */
  dirty: boolean;
  open(source: string, label: string, text: string): void;
  openNew(): void;
  /** Throws the draft away and goes back to the opened text. */
  discard(): void;
  /** The editor's text changed (called with every checked text). */
  changed(text: string): void;
  /** The text is now stored elsewhere (published): it becomes the new base. */
  rebase(source: string, label: string, text: string): void;
}

export function useDocument(getText: () => string | null): DocumentControls {
  const drafts = useRef(new DraftStore(localStorage)).current;
  const [doc, setDoc] = useState<OpenDocument>(() => firstDocument(drafts));
  const [dirty, setDirty] = useState(doc.restored);
  const docRef = useRef(doc);
  docRef.current = doc;

  const save = useCallback(
    (text: string) => {
      const d = docRef.current;
      drafts.save({ source: d.source, label: d.label, text, baseText: d.baseText, savedAt: Date.now() });
      setDirty(text !== d.baseText);
    },
    [drafts],
  );

  useEffect(() => {
    const flush = () => {
      const text = getText();
      if (text !== null) save(text);
    };
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      window.removeEventListener("beforeunload", flush);
    };
  }, [getText, save]);

  const open = useCallback(
    (source: string, label: string, text: string) => {
      const current = getText();
      if (current !== null) save(current);
      const next = opened(drafts, source, label, text);
      setDoc(next);
      setDirty(next.restored);
    },
    [drafts, getText, save],
  );

  return {
    doc,
    dirty,
    open,
    openNew: () => open("new", "new-policy", NEW_POLICY),
    discard() {
      drafts.discard(docRef.current.source);
      setDoc({ ...docRef.current, initialText: docRef.current.baseText, nonce: ++nonceCounter, restored: false });
      setDirty(false);
    },
    changed: save,
    rebase(source, label, text) {
      drafts.discard(docRef.current.source);
      drafts.setCurrent(source, label);
      drafts.save({ source, label, text, baseText: text, savedAt: Date.now() });
      // Same text, new identity: keep the editor (and its undo history) as it is.
      const next = { ...docRef.current, source, label, baseText: text };
      docRef.current = next;
      setDoc(next);
      setDirty(false);
    },
  };
}
