// Iterative JSON text scanners: where a syntax error is (line, column, what was expected) and where nesting exceeds a bound.
// Neither recurses, so neither can overflow the stack however deep the input nests.
import { jsonPath } from "./json-path.js";

/** Deepest nesting of objects and arrays accepted in data files and request bodies (the root container is level 1). */
export const maxJsonDepth = 64;

export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

export interface JsonSyntaxError extends TextPosition {
  /** What is wrong, without the position; any character of the input in it is escaped. */
  problem: string;
}

export interface JsonTooDeep extends TextPosition {
  /** JSON path of the first container past the bound, e.g. `$.nodes[0].attributes.facts[0][0]`. */
  path: string;
  segments: (string | number)[];
  maxDepth: number;
}

/** 1-based line and column of a character offset (columns count UTF-16 code units, as editors mostly do). */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/**
 * A character as a message may show it: printable ones quoted, control, format, unassigned and private-use characters,
 * lone surrogates and U+FFFD (what a byte that is not UTF-8 decodes to) as `\uXXXX`, so binary input never reaches
 * a terminal or a log raw.
 */
export function showChar(ch: string): string {
  if (/^[\p{C}\uFFFD]$/u.test(ch) || ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff)
    return `"${[...ch].map((c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`).join("")}"`;
  return JSON.stringify(ch);
}

/** Any text made safe to print: the same escaping as `showChar` for every unsafe character. */
export function escapeUnsafe(text: string): string {
  return text.replace(/[\p{C}\uFFFD]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);
}

type Expect = "value" | "value-or-close" | "key-or-close" | "key" | "colon" | "comma-or-close" | "end";

const expected: Record<Expect, string> = {
  value: "a value",
  "value-or-close": 'a value or "]"',
  "key-or-close": 'a property name in double quotes or "}"',
  key: "a property name in double quotes (no trailing comma)",
  colon: '":"',
  "comma-or-close": "",
  end: "nothing more after the JSON value",
};

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Scans a string literal starting at the quote at `i`; the offset after it, or an error. */
function scanString(text: string, i: number): number | { at: number; problem: string } {
  let j = i + 1;
  for (;;) {
    if (j >= text.length) return { at: i, problem: "unterminated string: no closing quote" };
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c === 0x5c) {
      const e = text.charCodeAt(j + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++)
          if (!isHex(text.charCodeAt(j + k))) return { at: j, problem: "bad \\u escape in a string: expected four hexadecimal digits" };
        j += 6;
      } else if ('"\\/bfnrt'.includes(text[j + 1] ?? "x")) j += 2;
      else return { at: j, problem: `bad escape in a string: \\${text[j + 1] === undefined ? "" : showChar(text[j + 1]).slice(1, -1)}` };
    } else if (c < 0x20) return { at: j, problem: `control character ${showChar(text[j])} inside a string (write it as an escape)` };
    else j++;
  }
}

/** Scans a number starting at `i` (a `-` or a digit); the offset after it, or an error. */
function scanNumber(text: string, i: number): number | { at: number; problem: string } {
  let j = i;
  if (text.charCodeAt(j) === 0x2d) j++;
  if (!isDigit(text.charCodeAt(j))) return { at: j, problem: "a number needs a digit here" };
  if (text.charCodeAt(j) === 0x30) j++;
  else while (isDigit(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 0x2e) {
    j++;
    if (!isDigit(text.charCodeAt(j))) return { at: j, problem: "a number needs a digit after the decimal point" };
    while (isDigit(text.charCodeAt(j))) j++;
  }
  if (text.charCodeAt(j) === 0x65 || text.charCodeAt(j) === 0x45) {
    j++;
    if (text.charCodeAt(j) === 0x2b || text.charCodeAt(j) === 0x2d) j++;
    if (!isDigit(text.charCodeAt(j))) return { at: j, problem: "a number needs a digit in its exponent" };
    while (isDigit(text.charCodeAt(j))) j++;
  }
  return j;
}

/**
 * The first syntax error of a JSON text by RFC 8259, with its line and column, or null when the text is valid JSON.
 * Used after JSON.parse failed: V8's messages give no position for some errors ("Unexpected token") and echo the
 * input, binary bytes included.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const stack: number[] = [];
  let state = "value" as Expect;
  let i = 0;
  const fail = (at: number, problem: string): JsonSyntaxError => ({ ...positionOf(text, at), problem });
  const unexpected = (at: number, wanted: string) =>
    fail(at, at >= text.length ? `unexpected end of input: expected ${wanted}` : `unexpected ${showChar(String.fromCodePoint(text.codePointAt(at)!))}: expected ${wanted}`);
  const afterValue = (): Expect => (stack.length ? "comma-or-close" : "end");
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    const closer = stack[stack.length - 1] === 0x7b ? "}" : "]";
    if (i >= text.length) {
      if (state === "end") return null;
      return unexpected(i, state === "comma-or-close" ? `"," or "${closer}"` : expected[state]);
    }
    const c = text.charCodeAt(i);
    switch (state) {
      case "end":
        return fail(i, `unexpected ${showChar(String.fromCodePoint(text.codePointAt(i)!))} after the end of the JSON value`);
      case "colon":
        if (c !== 0x3a) return unexpected(i, expected.colon);
        i++;
        state = "value";
        break;
      case "comma-or-close":
        if (c === 0x2c) {
          i++;
          state = closer === "}" ? "key" : "value";
        } else if ((c === 0x7d && closer === "}") || (c === 0x5d && closer === "]")) {
          i++;
          stack.pop();
          state = afterValue();
        } else return unexpected(i, `"," or "${closer}"`);
        break;
      case "key-or-close":
      case "key": {
        if (c === 0x7d && state === "key-or-close") {
          i++;
          stack.pop();
          state = afterValue();
          break;
        }
        if (c !== 0x22) return unexpected(i, expected[state]);
        const end = scanString(text, i);
        if (typeof end !== "number") return fail(end.at, end.problem);
        i = end;
        state = "colon";
        break;
      }
      case "value":
      case "value-or-close": {
        if (c === 0x5d && state === "value-or-close") {
          i++;
          stack.pop();
          state = afterValue();
          break;
        }
        if (c === 0x7b || c === 0x5b) {
          stack.push(c);
          i++;
          state = c === 0x7b ? "key-or-close" : "value-or-close";
          break;
        }
        let end: number | { at: number; problem: string };
        if (c === 0x22) end = scanString(text, i);
        else if (c === 0x2d || isDigit(c)) end = scanNumber(text, i);
        else {
          const literal = ["true", "false", "null"].find((word) => text.startsWith(word, i));
          if (!literal) return unexpected(i, expected[state]);
          end = i + literal.length;
        }
        if (typeof end !== "number") return fail(end.at, end.problem);
        i = end;
        state = afterValue();
        break;
      }
    }
  }
}

/** Offset just after the string literal whose opening quote is at `i` (lenient: for texts not yet known valid). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let k = q - 1; k > i && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/**
 * The first object or array nested deeper than `maxDepth`, with its JSON path, or null. One pass without
 * recursion that only counts brackets outside strings; the path is worked out only when the bound is hit.
 */
export function findTooDeep(text: string, maxDepth: number = maxJsonDepth): JsonTooDeep | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = skipString(text, i) - 1;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) {
        const segments = pathAt(text, i);
        return { ...positionOf(text, i), path: jsonPath(segments), segments, maxDepth };
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return null;
}

/** The JSON path of the value starting at `offset`, from a second lenient pass over what precedes it. */
function pathAt(text: string, offset: number): (string | number)[] {
  const stack: { object: boolean; key: string | number; expectKey: boolean }[] = [];
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x22) {
      const end = skipString(text, i);
      if (top?.object && top.expectKey) {
        const raw = text.slice(i, end);
        try {
          top.key = JSON.parse(raw) as string;
        } catch {
          top.key = escapeUnsafe(raw.slice(1, -1));
        }
      }
      i = end - 1;
    } else if (c === 0x7b) stack.push({ object: true, key: "", expectKey: true });
    else if (c === 0x5b) stack.push({ object: false, key: 0, expectKey: false });
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x3a && top) top.expectKey = false;
    else if (c === 0x2c && top) {
      if (top.object) top.expectKey = true;
      else top.key = (top.key as number) + 1;
    }
  }
  return stack.map((s) => s.key);
}

/**
 * The first object or array nested deeper than `maxDepth` in an already parsed value, as path segments, or null.
 * Iterative, for values that did not come from text this process scanned (domain calls, tests).
 */
export function findTooDeepValue(value: unknown, maxDepth: number = maxJsonDepth): (string | number)[] | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (path.length >= maxDepth) return path;
    // Children pushed last-first, so the first value past the bound is found in document order.
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
  }
  return null;
}
