// Writes hashed 8-word windows of a source text, so tests can catch copied sentences without shipping the text.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

export const windowSize = 8;

export function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[’']/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function windowHashes(text: string, size = windowSize): string[] {
  const w = words(text);
  const out: string[] = [];
  for (let i = 0; i + size <= w.length; i++) out.push(createHash("sha256").update(w.slice(i, i + size).join(" ")).digest("hex").slice(0, 12));
  return out;
}

if (process.argv[1]?.endsWith("source-fingerprint.ts")) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: tsx scripts/source-fingerprint.ts SOURCE.txt OUT.json");
    process.exit(2);
  }
  const body = readFileSync(input, "utf8").split("\n").filter((l) => !l.startsWith("#")).join("\n");
  const hashes = [...new Set(windowHashes(body))].sort();
  writeFileSync(output, JSON.stringify({ source: "S1", windowSize, hashes }) + "\n");
  console.log(`wrote ${hashes.length} window hashes to ${output}`);
}
