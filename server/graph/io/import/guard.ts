// Checks run on imported files before any parsing: XML declarations that enable entity expansion or external
// entities (DOCTYPE, ENTITY), non-UTF-8 encodings, and names that would reach Object.prototype.
import type { Problem } from "../../model/types.js";

/** Names that must never become an object key, an attribute name or an id of an imported graph. */
export const forbiddenNames = new Set(["__proto__", "constructor", "prototype"]);

export function isForbiddenName(name: string): boolean {
  return forbiddenNames.has(name);
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const at = (text: string, offset: number) => {
  const { line, column } = lineColumn(text, offset);
  return `line ${line}, column ${column}`;
};

/**
 * Refuses, before any XML parser sees the text:
 * - a DOCTYPE or ENTITY declaration: internal entities allow exponential expansion ("billion laughs"),
 *   external ones read local files or URLs (XXE); GEXF and GraphML never need either;
 * - an encoding other than UTF-8 (the file is read as UTF-8) and UTF-16 byte order marks;
 * - `__proto__`, `constructor` or `prototype` as an element name, an attribute name, or the value of an attribute
 *   that names things (id, for, key, source, target, attr.name, title, pid). graphology-graphml 0.5, for one,
 *   writes `<key for="__proto__">` straight into a plain object and pollutes Object.prototype.
 */
export function checkXmlText(file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const report = (offset: number, message: string) => problems.push({ file, path: at(text, offset), message });

  if (text.charCodeAt(0) === 0xfffe || text.charCodeAt(0) === 0xfeff && text.charCodeAt(1) === 0)
    report(0, "UTF-16 text is not supported: save the file as UTF-8");

  for (const match of text.matchAll(/<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/gi)) {
    const what = match[1].toUpperCase();
    report(
      match.index,
      what === "DOCTYPE"
        ? "refused: a DOCTYPE declaration (it can define entities that expand without bound or read external files); GEXF and GraphML need none, remove it"
        : `refused: an ${what} declaration (entity expansion and external entities are not allowed); remove it`,
    );
    if (problems.length >= 20) return problems;
  }

  const declaration = /^\uFEFF?\s*<\?xml\b[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(text);
  if (declaration && !/^(utf-?8|us-ascii|ascii)$/i.test(declaration[2]))
    report(declaration.index, `unsupported encoding "${declaration[2]}": save the file as UTF-8`);

  const names = "__proto__|constructor|prototype";
  const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
    [new RegExp(`<\\/?\\s*(?:[\\w.-]+:)?(${names})\\b`, "g"), (m) => `refused: element name "${m[1]}" (reserved JavaScript name)`],
    [
      new RegExp(`<[^<>]*?\\s(${names})\\s*=`, "g"),
      (m) => `refused: attribute name "${m[1]}" (reserved JavaScript name)`,
    ],
    [
      new RegExp(`\\s(id|for|key|source|target|attr\\.name|title|pid|name)\\s*=\\s*(["'])\\s*(${names})\\s*\\2`, "g"),
      (m) => `refused: ${m[1]}="${m[3]}" (reserved JavaScript name; it would reach Object.prototype)`,
    ],
  ];
  for (const [pattern, message] of patterns) {
    for (const match of text.matchAll(pattern)) {
      report(match.index ?? 0, message(match));
      if (problems.length >= 20) return problems;
    }
  }
  return problems;
}

/**
 * Finds `__proto__`, `constructor` or `prototype` used as an object key anywhere in parsed JSON, with its JSON path.
 * JSON.parse itself makes them own properties (harmless), but copying such an object key by key would not be.
 */
export function findForbiddenJsonKeys(value: unknown, limit = 20): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const walk = (node: unknown, path: PropertyKey[]) => {
    if (found.length >= limit || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i], [...path, i]);
      return;
    }
    for (const key of Object.keys(node)) {
      if (isForbiddenName(key)) found.push([...path, key]);
      walk((node as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(value, []);
  return found;
}

/**
 * A cheap textual test first, so the full walk only runs on files that may use a forbidden name as a key:
 * one written plainly, or any \u escape (which could spell one).
 */
export function mayHaveForbiddenJsonKeys(text: string): boolean {
  return /"(?:__proto__|constructor|prototype)"\s*:/.test(text) || text.includes("\\u");
}
