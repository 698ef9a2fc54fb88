// Types of scripts/ensure-client.mjs for TypeScript callers (the vitest global setup).
export declare function staleReason(): Promise<string | null>;
export declare function buildClient(): Promise<void>;
export declare function ensureClient(options?: { quiet?: boolean }): Promise<boolean>;
