/**
 * The signed-in key lives in sessionStorage: it is gone when the tab closes and never
 * written to localStorage with the drafts.
 */
import { ApiClient, type Identity } from "./client.js";

const KEY = "yardstick.apiKey";

export interface Session {
  key: string;
  identity: Identity;
  client: ApiClient;
}

/** Checks the key with the runtime and keeps it for this tab. Throws ApiError when refused. */
export async function signIn(key: string): Promise<Session> {
  const client = new ApiClient(key.trim());
  const identity = await client.identify();
  sessionStorage.setItem(KEY, key.trim());
  return { key: key.trim(), identity, client };
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/** The key kept by an earlier sign-in in this tab, if any. */
export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}
