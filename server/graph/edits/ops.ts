// The edit request and its ops: shapes (zod), hostile-value checks, and EDIT_INVALID errors naming `ops[i].path`.
import { z } from "zod";
import { AppError } from "../../errors.js";
import { isReservedKey } from "../model/reserved-keys.js";

const attributes = z.record(z.string(), z.unknown());
const key = z.string({ message: "expected a text key" });

export const editOpSchema = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ op: z.literal("add-node"), key, attributes }),
    z.strictObject({ op: z.literal("update-node"), key, attributes }),
    z.strictObject({ op: z.literal("remove-node"), key, cascade: z.boolean().optional() }),
    z.strictObject({
      op: z.literal("add-edge"),
      key: key.optional(),
      source: key,
      target: key,
      undirected: z.boolean().optional(),
      attributes,
    }),
    z.strictObject({ op: z.literal("update-edge"), key, attributes }),
    z.strictObject({ op: z.literal("remove-edge"), key }),
    z.strictObject({ op: z.literal("add-source"), id: key, attributes }),
  ],
  { message: "op must be one of add-node, update-node, remove-node, add-edge, update-edge, remove-edge, add-source" },
);

export type EditOp = z.infer<typeof editOpSchema>;

/** Puts an item back as it was (or removes it when `value` is null): what a revert applies. Never accepted from clients. */
export interface RestoreOp {
  op: "restore";
  type: ItemType;
  key: string;
  file: string;
  value: Record<string, unknown> | null;
}

export type AnyOp = EditOp | RestoreOp;
export type ItemType = "node" | "edge" | "source";

export const editLimits = { maxOps: 1000, maxReason: 2000, maxAuthor: 200, maxString: 20_000, maxDepth: 10 } as const;

export const editRequestSchema = z.strictObject({
  reason: z.string({ message: "reason is required: say why the data changes" }).trim().min(1, "reason must not be empty").max(editLimits.maxReason),
  author: z.string().trim().min(1).max(editLimits.maxAuthor).optional(),
  ops: z.array(z.unknown()).min(1, "ops must list at least one op").max(editLimits.maxOps, `at most ${editLimits.maxOps} ops per edit`),
});

export interface EditRequest {
  reason: string;
  author?: string;
  ops: EditOp[];
}

export interface EditProblem {
  /** `ops[1].attributes.relation`, `reason`, or `rows[3].subject` for claim imports. */
  path: string;
  message: string;
}

/** One EDIT_INVALID error listing every problem; `param` is the first path. */
export function editInvalid(problems: EditProblem[]): AppError {
  const shown = problems.slice(0, 50).map((p) => `${p.path}: ${p.message}`);
  const more = problems.length > 50 ? `; and ${problems.length - 50} more` : "";
  return new AppError("EDIT_INVALID", `${problems.length === 1 ? "the edit is" : `the edit has ${problems.length} problems and was`} not applied: ${shown.join("; ")}${more}`, {
    param: problems[0]?.path,
    problems,
  });
}

export function pathText(segments: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

// C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides that can disguise text.
const forbiddenChars = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * Refuses what no curated value needs and hostile input uses: keys that collide with Object built-ins, control and
 * bidi-override characters, very long strings and deep nesting. Markup is left as text: the viewer never renders
 * data as HTML and every exporter escapes it.
 */
export function hostileProblems(value: unknown, path: PropertyKey[], problems: EditProblem[], depth = 0): void {
  if (problems.length >= 50) return;
  if (depth > editLimits.maxDepth) {
    problems.push({ path: pathText(path), message: `nested deeper than ${editLimits.maxDepth} levels` });
    return;
  }
  if (typeof value === "string") {
    if (value.length > editLimits.maxString) problems.push({ path: pathText(path), message: `text longer than ${editLimits.maxString} characters` });
    else if (forbiddenChars.test(value)) problems.push({ path: pathText(path), message: "contains a control or bidi-override character" });
    return;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    problems.push({ path: pathText(path), message: "not a finite number" });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => hostileProblems(item, [...path, i], problems, depth + 1));
    return;
  }
  if (value && typeof value === "object") {
    for (const k of Object.keys(value)) {
      if (isReservedKey(k)) {
        problems.push({ path: pathText([...path, k]), message: `key "${k}" collides with an Object built-in` });
        continue;
      }
      if (forbiddenChars.test(k)) {
        problems.push({ path: pathText(path), message: "a key contains a control character" });
        continue;
      }
      hostileProblems((value as Record<string, unknown>)[k], [...path, k], problems, depth + 1);
    }
  }
}

/** Parses `{reason, author?, ops}`: every problem (shape and hostile values) reported at once, nothing applied. */
export function parseEditRequest(body: unknown): EditRequest {
  const problems: EditProblem[] = [];
  hostileProblems(body, [], problems);
  if (problems.length) throw editInvalid(problems);
  const parsed = editRequestSchema.safeParse(body);
  if (!parsed.success) throw editInvalid(parsed.error.issues.map(issueProblem([])));
  const ops: EditOp[] = [];
  parsed.data.ops.forEach((raw, i) => {
    const op = editOpSchema.safeParse(raw);
    if (op.success) ops.push(op.data);
    else problems.push(...op.error.issues.map(issueProblem(["ops", i])));
  });
  if (problems.length) throw editInvalid(problems);
  return { reason: parsed.data.reason, ...(parsed.data.author ? { author: parsed.data.author } : {}), ops };
}

function issueProblem(prefix: PropertyKey[]) {
  return (issue: z.core.$ZodIssue): EditProblem => {
    if (issue.code === "unrecognized_keys")
      return { path: pathText([...prefix, ...issue.path]) || "body", message: `unknown field(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")}` };
    return { path: pathText([...prefix, ...issue.path]) || "body", message: issue.message };
  };
}
