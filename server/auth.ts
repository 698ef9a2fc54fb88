// The edit token: from ACTOR_GRAPH_TOKEN, else generated once into an owner-only file; compared in constant time, never logged.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";

export interface TokenSource {
  token: string;
  /** Where it came from, for the start-up line; never the token itself (except `generated`, printed once). */
  origin: "env" | "file" | "generated";
  file?: string;
}

/**
 * The token from the environment, or from `file`, or a new random one written to `file` with mode 0600 (created
 * exclusively, so two servers starting together cannot overwrite each other's token).
 */
export async function resolveToken(env: NodeJS.ProcessEnv, file: string): Promise<TokenSource> {
  const fromEnv = env.ACTOR_GRAPH_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, origin: "env" };
  const existing = await readFile(file, "utf8").then((t) => t.trim(), () => "");
  if (existing) return { token: existing, origin: "file", file };
  const token = randomBytes(24).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, "wx", 0o600);
  try {
    await handle.write(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { token, origin: "generated", file };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** True when the Authorization header is `Bearer <token>`; hashing first makes the comparison length-independent. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header || !token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}
