/**
 * Unsaved work survives a reload: every open document keeps a draft in localStorage,
 * keyed by where it came from ("shipped:restaurant-dining", "runtime:promises@3").
 */

export interface Draft {
  source: string;
  /** What the editor holds. */
  text: string;
  /** The text as opened (to tell whether there are changes, and to discard them). */
  baseText: string;
  label: string;
  savedAt: number;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const PREFIX = "yardstick.draft.";
const CURRENT = "yardstick.current";

/** Drafts in a storage (localStorage in the app, a Map-backed fake in unit tests). */
export class DraftStore {
  constructor(private readonly storage: KeyValueStore) {}

  load(source: string): Draft | null {
    const raw = this.storage.getItem(PREFIX + source);
    if (!raw) return null;
    try {
      const d = JSON.parse(raw) as Draft;
      return typeof d.text === "string" && typeof d.baseText === "string" ? d : null;
    } catch {
      return null;
    }
  }

  /**
   * Keeps the draft. A shipped policy's draft equal to its base is no draft and is
   * removed (the bundle has the text); any other source keeps it, since it is the only
   * local copy to reopen after a reload.
   */
  save(d: Draft): void {
    if (d.text === d.baseText && d.source.startsWith("shipped:")) this.storage.removeItem(PREFIX + d.source);
    else this.storage.setItem(PREFIX + d.source, JSON.stringify(d));
  }

  discard(source: string): void {
    this.storage.removeItem(PREFIX + source);
  }

  /** The document open when the page was left, to reopen it. */
  current(): { source: string; label: string } | null {
    try {
      return JSON.parse(this.storage.getItem(CURRENT) ?? "null") as { source: string; label: string } | null;
    } catch {
      return null;
    }
  }

  setCurrent(source: string, label: string): void {
    this.storage.setItem(CURRENT, JSON.stringify({ source, label }));
  }
}
