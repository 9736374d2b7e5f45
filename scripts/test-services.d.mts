/** Types of test-services.mjs (see there). */
export declare const SYSTEM_PG_URL: string;
export declare function ensurePostgres(): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }>;
export declare function chromiumPath(): Promise<{ path: string; args: string[]; source: string }>;
