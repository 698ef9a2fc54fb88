// The edit token: from ACTOR_GRAPH_TOKEN, else generated once into an owner-only file; compared in constant time, never logged.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./graph/io/atomic-write.js";

export interface TokenSource {
  token: string;
  /** Where it came from, for the start-up line; never the token itself (except `generated`, printed once). */
  origin: "env" | "file" | "generated";
  file?: string;
}

/**
 * The token from the environment, or from `file`, or a new random one written to `file` with mode 0600. The write is
 * atomic (temporary file, fsync, link), so a crash leaves no file or the whole token; the link never replaces a
 * token another server starting at the same moment wrote first (that one is used). An empty file, which an older
 * release's interrupted write could leave, is replaced.
 */
export async function resolveToken(env: NodeJS.ProcessEnv, file: string): Promise<TokenSource> {
  const fromEnv = env.ACTOR_GRAPH_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, origin: "env" };
  const existing = await readFile(file, "utf8").then((t) => t.trim(), () => null);
  if (existing) return { token: existing, origin: "file", file };
  const token = randomBytes(24).toString("base64url");
  if (await writeFileAtomic(file, `${token}\n`, { replace: existing === "", mode: 0o600 })) return { token, origin: "generated", file };
  const first = (await readFile(file, "utf8")).trim();
  if (!first) throw new Error(`the edit token file ${file} is empty; remove it and start again`);
  return { token: first, origin: "file", file };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** True when the Authorization header is `Bearer <token>`; hashing first makes the comparison length-independent. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header || !token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}
