// Source reliability (A–F) and information credibility (1–6) after the Admiralty / NATO system, with the defaults read from hedging.
import type { Confidence, EdgeAttributes, Evidence, SourceEntry } from "./types.js";

export const reliabilityGrades = ["A", "B", "C", "D", "E", "F"] as const;
export type Reliability = (typeof reliabilityGrades)[number];

export const reliabilityLabels: Record<Reliability, string> = {
  A: "completely reliable",
  B: "usually reliable",
  C: "fairly reliable",
  D: "not usually reliable",
  E: "unreliable",
  F: "reliability cannot be judged",
};

export const credibilityLevels = [1, 2, 3, 4, 5, 6] as const;
export type Credibility = (typeof credibilityLevels)[number];

export const credibilityLabels: Record<Credibility, string> = {
  1: "confirmed by other sources",
  2: "probably true",
  3: "possibly true",
  4: "doubtful",
  5: "improbable",
  6: "truth cannot be judged",
};

/**
 * Credibility read from the source's own hedging when an evidence item does not set it: a source that
 * *reports* something says it as fact without independent confirmation (2, probably true); one that *assesses*
 * draws its own conclusion (3, possibly true); one that *speculates* doubts it itself (4, doubtful).
 * 1 (confirmed) is never a default: it needs an analyst who has checked the claim against another source.
 */
export const defaultCredibility: Record<Confidence, Credibility> = { reported: 2, assessed: 3, speculative: 4 };

/** A source without a grade is F (reliability cannot be judged), as the Admiralty system says. */
export function reliabilityOf(source: Pick<SourceEntry, "reliability"> | undefined): Reliability {
  return source?.reliability ?? "F";
}

/** The item's credibility: its own when set, else the default for its own hedging or the relation's. */
export function credibilityOf(item: Evidence, fallback: Confidence): Credibility {
  return (item.credibility as Credibility | undefined) ?? defaultCredibility[item.confidence ?? fallback] ?? 6;
}

/** Source id → reliability, built once per dataset. */
export type ReliabilityIndex = ReadonlyMap<string, Reliability>;

export function reliabilityIndex(sources: readonly SourceEntry[]): ReliabilityIndex {
  return new Map(sources.map((s) => [s.id, reliabilityOf(s)]));
}

export interface GradedEvidence extends Evidence {
  reliability: Reliability;
  credibility: Credibility;
  /** Both together, as analysts write them: "B2". */
  grade: string;
  /** True when `credibility` is the default read from the hedging rather than set on the item. */
  credibilityDefault?: true;
}

/** Evidence items with their source's reliability and their credibility (explicit or default) attached. */
export function gradeEvidence(items: readonly Evidence[], fallback: Confidence, reliability: ReliabilityIndex): GradedEvidence[] {
  return items.map((item) => {
    const r = reliability.get(item.source) ?? "F";
    const c = credibilityOf(item, fallback);
    return { ...item, reliability: r, credibility: c, grade: `${r}${c}`, ...(item.credibility === undefined ? { credibilityDefault: true as const } : {}) };
  });
}

/** Reliability index (0 = A … 5 = F) × 8 + credibility (1–6), packed so path search can grade without allocating. */
export function relationGradeCode(attributes: Pick<EdgeAttributes, "confidence" | "evidence">, reliability: ReliabilityIndex): number {
  let r = 5;
  let c = 6;
  const items = attributes.evidence;
  if (!items?.length) return r * 8 + (defaultCredibility[attributes.confidence] ?? 6);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const grade = reliability.get(item.source);
    const ri = grade === undefined ? 5 : grade.charCodeAt(0) - 65;
    if (ri < r) r = ri;
    const ci = (item.credibility as number | undefined) ?? defaultCredibility[item.confidence ?? attributes.confidence] ?? 6;
    if (ci < c) c = ci;
  }
  return r * 8 + c;
}

/**
 * The grade of a relation as a whole: the best reliability among its sources and the best credibility among its
 * items (A beats B, 1 beats 2), since one good source suffices to carry a claim.
 */
export function relationGrade(attributes: Pick<EdgeAttributes, "confidence" | "evidence">, reliability: ReliabilityIndex): { reliability: Reliability; credibility: Credibility; grade: string } {
  const code = relationGradeCode(attributes, reliability);
  const grade = reliabilityGrades[code >> 3];
  const c = (code & 7) as Credibility;
  return { reliability: grade, credibility: c, grade: `${grade}${c}` };
}

const memo = new WeakMap<readonly SourceEntry[], ReliabilityIndex>();

/** The same index object for the same sources array, so caches keyed by it (the path index) stay valid. */
export function memoReliabilityIndex(sources: readonly SourceEntry[]): ReliabilityIndex {
  let index = memo.get(sources);
  if (!index) memo.set(sources, (index = reliabilityIndex(sources)));
  return index;
}

/** A relation as every answer cites it (node details, path hops, analyses): dates, grade and graded evidence. */
export interface CitedRelation {
  relation: string;
  confidence: Confidence;
  since?: string;
  until?: string;
  /** The relation's best reliability and credibility, and both as one grade ("B2"). */
  reliability: Reliability;
  credibility: Credibility;
  grade: string;
  evidence: GradedEvidence[];
}

export function citedRelation(attributes: EdgeAttributes, reliability: ReliabilityIndex): CitedRelation {
  const { relation, confidence, since, until, evidence } = attributes;
  return {
    relation,
    confidence,
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...relationGrade(attributes, reliability),
    evidence: gradeEvidence(evidence, confidence, reliability),
  };
}
