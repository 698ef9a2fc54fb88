// zod schemas of the curated files: graph.json, vocabulary.json, sources.json, nodes/*.json, edges/*.json.
import { z } from "zod";
import { confidenceLevels, exposureRoles, relationSigns } from "./types.js";
import { isPartialDate } from "./dates.js";
import { credibilityLevels, reliabilityGrades } from "./grades.js";

export const keyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const colorPattern = /^#[0-9a-fA-F]{6}$/;

const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must be a non-empty string`);
const partialDate = z
  .string()
  .refine(isPartialDate, { message: "expected a real partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD" });

export const evidenceSchema = z.strictObject({
  source: nonEmpty("evidence source"),
  locator: nonEmpty("evidence locator"),
  claim: nonEmpty("evidence claim"),
  confidence: z.enum(confidenceLevels, { message: `evidence confidence must be one of ${confidenceLevels.join(", ")}` }).optional(),
  credibility: z
    .number({ message: "credibility must be a whole number from 1 (confirmed) to 6 (cannot be judged)" })
    .int("credibility must be a whole number from 1 (confirmed) to 6 (cannot be judged)")
    .min(1, "credibility must be from 1 (confirmed) to 6 (cannot be judged)")
    .max(credibilityLevels.length, "credibility must be from 1 (confirmed) to 6 (cannot be judged)")
    .optional(),
  since: partialDate.optional(),
  until: partialDate.optional(),
});

const evidenceList = z.array(evidenceSchema).min(1, "evidence must list at least one {source, locator, claim}");

export const factSchema = z.strictObject({
  property: nonEmpty("fact property"),
  value: nonEmpty("fact value"),
  date: partialDate.optional(),
  confidence: z.enum(confidenceLevels),
  evidence: evidenceList,
});

export const nodeAttributesSchema = z.strictObject({
  label: nonEmpty("label"),
  kind: nonEmpty("kind"),
  aliases: z.array(nonEmpty("alias")).default([]),
  description: nonEmpty("description"),
  evidence: evidenceList,
  facts: z.array(factSchema).optional(),
  date: partialDate.optional(),
  casualties: z
    .strictObject({
      killed: z.number().int().nonnegative().optional(),
      injured: z.number().int().nonnegative().optional(),
      note: nonEmpty("casualties note"),
    })
    .optional(),
});

export const nodeSchema = z.strictObject({
  key: z.string().regex(keyPattern, "key must be a lowercase kebab-case slug such as `iskp` or `al-qaeda`"),
  attributes: nodeAttributesSchema,
});

export const edgeAttributesSchema = z.strictObject({
  relation: nonEmpty("relation"),
  confidence: z.enum(confidenceLevels, { message: `confidence must be one of ${confidenceLevels.join(", ")}` }),
  since: partialDate.optional(),
  until: partialDate.optional(),
  evidence: evidenceList,
  note: z.string().optional(),
});

export const edgeSchema = z.strictObject({
  key: z.string().regex(keyPattern, "edge key must be a lowercase kebab-case slug such as `e-imu-iskp-allied-with`"),
  source: nonEmpty("source"),
  target: nonEmpty("target"),
  undirected: z.boolean().optional(),
  attributes: edgeAttributesSchema,
});

export const nodesFileSchema = z.strictObject({ nodes: z.array(z.unknown()) });
export const edgesFileSchema = z.strictObject({ edges: z.array(z.unknown()) });

export const graphFileSchema = z.strictObject({
  attributes: z.record(z.string(), z.unknown()).default({}),
  options: z
    .strictObject({
      type: z.enum(["mixed", "directed", "undirected"]).default("mixed"),
      multi: z.boolean().default(true),
      allowSelfLoops: z.boolean().default(false),
    })
    .default({ type: "mixed", multi: true, allowSelfLoops: false }),
});

export const vocabularySchema = z.strictObject({
  nodeKinds: z
    .array(z.strictObject({
        id: z.string().regex(keyPattern),
        label: nonEmpty("label"),
        color: z.string().regex(colorPattern),
        actor: z.boolean({ message: "actor must be true (groups, states, people…) or false (places, attacks…)" }),
      }))
    .min(1),
  relations: z
    .array(
      z.strictObject({
        id: z.string().regex(keyPattern),
        label: nonEmpty("label"),
        inverseLabel: nonEmpty("inverseLabel"),
        directed: z.boolean(),
        sign: z.enum(relationSigns, { message: `sign must be one of ${relationSigns.join(", ")}` }),
        exposure: z.enum(exposureRoles, { message: `exposure must be one of ${exposureRoles.join(", ")}` }).optional(),
        color: z.string().regex(colorPattern),
        description: nonEmpty("description"),
      }),
    )
    .min(1),
});

export const sourcesSchema = z.strictObject({
  sources: z
    .array(
      z.strictObject({
        id: nonEmpty("id"),
        title: nonEmpty("title"),
        author: nonEmpty("author"),
        date: partialDate.optional(),
        venue: z.string().optional(),
        via: z.string().optional(),
        reliability: z.enum(reliabilityGrades, { message: `reliability must be one of ${reliabilityGrades.join(", ")} (Admiralty grades)` }).optional(),
        note: z.string().optional(),
        url: z.string().optional(),
        locators: z
          .strictObject({ prefix: nonEmpty("prefix"), from: z.number().int(), to: z.number().int() })
          .optional(),
      }),
    )
    .min(1),
});
