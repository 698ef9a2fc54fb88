// The vocabulary's analysis roles in one look-up: each relation's sign and exposure role, each kind's actor flag.
import type { ExposureRole, RelationSign, Vocabulary } from "../model/types.js";

export interface RelationRoles {
  sign(relation: string): RelationSign;
  /** -1, 0 or +1 for negative, neutral and positive relations. */
  signValue(relation: string): -1 | 0 | 1;
  exposure(relation: string): ExposureRole | undefined;
  isActorKind(kind: string): boolean;
}

/** Relations and kinds the vocabulary does not know count as neutral and as non-actors. */
export function relationRoles(vocabulary: Vocabulary): RelationRoles {
  const signs = new Map(vocabulary.relations.map((r) => [r.id, r.sign]));
  const exposures = new Map(vocabulary.relations.map((r) => [r.id, r.exposure]));
  const actors = new Set(vocabulary.nodeKinds.filter((k) => k.actor).map((k) => k.id));
  return {
    sign: (relation) => signs.get(relation) ?? "neutral",
    signValue: (relation) => {
      const s = signs.get(relation);
      return s === "positive" ? 1 : s === "negative" ? -1 : 0;
    },
    exposure: (relation) => exposures.get(relation),
    isActorKind: (kind) => actors.has(kind),
  };
}
