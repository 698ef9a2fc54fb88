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

/** The roles by the integer codes of a CSR index (`ix.relations[code]`, `ix.kinds[code]`), for its hot loops. */
export interface IndexedRoles {
  /** -1, 0 or +1 per relation code. */
  sign: Int8Array;
  /** 1 per relation code whose exposure role is `conduit`. */
  conduit: Uint8Array;
  /** 1 per kind code that is an actor kind. */
  actor: Uint8Array;
}

export function indexedRoles(roles: RelationRoles, codes: { relations: readonly string[]; kinds: readonly string[] }): IndexedRoles {
  return {
    sign: Int8Array.from(codes.relations, (r) => roles.signValue(r)),
    conduit: Uint8Array.from(codes.relations, (r) => (roles.exposure(r) === "conduit" ? 1 : 0)),
    actor: Uint8Array.from(codes.kinds, (k) => (roles.isActorKind(k) ? 1 : 0)),
  };
}
