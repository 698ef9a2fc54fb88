// zod helpers for query strings: each parameter given once, unknown parameters refused, errors naming the parameter.
import { z } from "zod";
import { AppError } from "../errors.js";
import { confidenceLevels } from "../graph/model/types.js";
import type { GraphFilters } from "../graph/query/filters.js";

/** A query parameter that must appear at most once (Express gives an array for repeats). */
export const once = <T extends z.ZodType>(schema: T) =>
  z
    .any()
    .superRefine((v, ctx) => {
      if (Array.isArray(v)) ctx.addIssue({ code: "custom", message: "given more than once; pass it once" });
      else if (typeof v !== "string") ctx.addIssue({ code: "custom", message: "expected a single text value" });
    })
    .pipe(schema);

const csv = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));

export const filterShape = {
  kinds: once(csv).optional(),
  relations: once(csv).optional(),
  minConfidence: once(z.enum(confidenceLevels, { message: `expected one of ${confidenceLevels.join(", ")}` })).optional(),
  asOf: once(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected a date YYYY, YYYY-MM or YYYY-MM-DD")).optional(),
};

export const intParam = (min: number, max: number) =>
  once(
    z
      .string()
      .regex(/^\d+$/, `expected an integer from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `expected an integer from ${min} to ${max}`).max(max, `expected an integer from ${min} to ${max}`)),
  );

export const boolParam = once(z.enum(["true", "false", "1", "0"], { message: "expected true or false" }).transform((v) => v === "true" || v === "1"));

/** Parses req.query with a strict schema; the first problem becomes a BAD_PARAM naming its parameter. */
export function parseQuery<S extends z.ZodRawShape>(shape: S, query: unknown): z.infer<z.ZodObject<S>> {
  const result = z.strictObject(shape).safeParse(query ?? {});
  if (result.success) return result.data as z.infer<z.ZodObject<S>>;
  const issue = result.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    throw new AppError("BAD_PARAM", `unknown parameter(s): ${issue.keys.join(", ")}`, { param: issue.keys[0] });
  }
  const param = String(issue.path[0] ?? "query");
  throw new AppError("BAD_PARAM", `${param}: ${issue.message}`, { param });
}

export function filtersOf(parsed: Partial<Record<keyof GraphFilters, unknown>>): GraphFilters {
  const filters: GraphFilters = {};
  if (parsed.kinds) filters.kinds = parsed.kinds as string[];
  if (parsed.relations) filters.relations = parsed.relations as string[];
  if (parsed.minConfidence) filters.minConfidence = parsed.minConfidence as GraphFilters["minConfidence"];
  if (parsed.asOf) filters.asOf = parsed.asOf as string;
  return filters;
}
