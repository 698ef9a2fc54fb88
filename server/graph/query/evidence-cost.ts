// The evidence cost of one hop: credibility of the relation's best item, scaled by its best source's reliability.
import type { EdgeAttributes } from "../model/types.js";
import { relationGradeCode, reliabilityGrades, type Credibility, type Reliability, type ReliabilityIndex } from "../model/grades.js";

/**
 * Cost of one hop by credibility (1–6, Admiralty): what the hedging defaults give is what confidence cost
 * before grading (reported → 2 → 1, assessed → 3 → 2, speculative → 4 → 4); a checked claim (1) is cheaper, an
 * improbable one (5) dearer, one whose truth cannot be judged (6) costs as much as a doubtful one.
 */
export const credibilityCost: Record<Credibility, number> = { 1: 0.8, 2: 1, 3: 2, 4: 4, 5: 8, 6: 4 };

/** Multiplier by the best source reliability (A–F): B, a usually reliable source, is neutral; F (not judged) counts as C. */
export const reliabilityFactor: Record<Reliability, number> = { A: 0.8, B: 1, C: 1.2, D: 1.5, E: 2, F: 1.2 };

/**
 * Evidence cost of one hop when `weighted` (the only place it is defined; the path index stores its value per
 * entry): credibilityCost[best credibility of the relation's items] × reliabilityFactor[best reliability of its
 * sources] × (1 − 0.1 × extra citations, at most 3). So a path through two reported, B-graded links (cost 2) beats
 * one speculative shortcut (4). Without a reliability index every source counts as B (factor 1).
 */
export function evidenceCost(attributes: EdgeAttributes, reliability?: ReliabilityIndex): number {
  const code = relationGradeCode(attributes, reliability ?? neutralReliability);
  const factor = reliability ? reliabilityFactorByIndex[code >> 3] : 1;
  const extra = Math.min(3, Math.max(0, (attributes.evidence?.length ?? 1) - 1));
  return (credibilityCost[(code & 7) as Credibility] ?? 4) * factor * (1 - 0.1 * extra);
}

const reliabilityFactorByIndex = reliabilityGrades.map((g) => reliabilityFactor[g]);

/** Every source as B: what evidenceCost assumes without a reliability index. */
export const neutralReliability: ReliabilityIndex = { get: () => "B" } as unknown as ReliabilityIndex;
