// Parses the JSON text of a data file: the nesting bound first, then JSON.parse, and on failure a message with line and column.
import { escapeUnsafe, findJsonSyntaxError, findTooDeep, maxJsonDepth } from "./json-scan.js";

export type ParsedJson = { ok: true; value: unknown } | { ok: false; path: string; message: string };

/**
 * Why JSON.parse failed, with the line and column of the error and every character of the input escaped.
 * V8 (Node 20) gives no position for some errors ("Unexpected token ..., "..." is not valid JSON") and echoes the
 * input raw, so the position comes from our own scanner.
 */
export function describeJsonError(text: string, error: Error): string {
  const found = findJsonSyntaxError(text);
  if (found) return `${found.problem} at line ${found.line}, column ${found.column}`;
  return escapeUnsafe(error.message).slice(0, 200);
}

/** The message for a value nested past the bound; the path goes into the problem's JSON path. */
export function tooDeepMessage(maxDepth: number, line: number, column: number): string {
  return `refused: objects and arrays nested more than ${maxDepth} levels deep (line ${line}, column ${column}); flatten this value`;
}

/**
 * Parses a data file's text. Nesting deeper than `maxDepth` is refused before JSON.parse or any recursive walk
 * (validation, copies, serialization) sees the value, so no input can overflow the stack.
 */
export function parseJsonText(text: string, maxDepth: number = maxJsonDepth): ParsedJson {
  const deep = findTooDeep(text, maxDepth);
  if (deep) return { ok: false, path: deep.path, message: tooDeepMessage(maxDepth, deep.line, deep.column) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, path: "$", message: `not valid JSON: ${describeJsonError(text, error as Error)}` };
  }
}
