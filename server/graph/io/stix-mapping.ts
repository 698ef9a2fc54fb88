// The STIX 2.1 mapping both ways: deterministic ids (UUIDv5), node kinds to SDO types, relations to relationship types, confidence and dates.
// Documented in server/graph/io/import/README.md (STIX section) and the README's export table.
import { createHash } from "node:crypto";
import { parsePartialDate } from "../model/dates.js";
import type { Confidence } from "../model/types.js";

/** actor-graph's UUIDv5 namespace: fixed for ever, so the same key always gives the same STIX id. */
export const stixNamespace = "3c5f4d8e-2a71-4b6e-9f0d-7e1a2b3c4d5e";

/** RFC 9562 UUID version 5 (SHA-1 of namespace bytes + name bytes), with node:crypto only. */
export function uuidv5(name: string, namespace: string = stixNamespace): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new Error(`invalid UUID namespace ${namespace}`);
  const bytes = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `type--uuid` from a name space of ours: `node:<key>`, `edge:<key>`, `source:<id>`, ... */
export function stixId(type: string, name: string): string {
  return `${type}--${uuidv5(name)}`;
}

/**
 * Our confidence as STIX's 0-100, on the Admiralty credibility row of the STIX 2.1 confidence appendix:
 * reported = "probably true" (80), assessed = "possibly true" (50), speculative = "doubtful" (30).
 * The one place to extend when evidence grades (source reliability A-F) exist.
 */
export function stixConfidence(confidence: Confidence): number {
  return confidence === "reported" ? 80 : confidence === "assessed" ? 50 : 30;
}

/** The inverse, for imported bundles: at least 70 reported, at least 40 assessed, below that speculative. */
export function confidenceFromStix(value: number): Confidence {
  return value >= 70 ? "reported" : value >= 40 ? "assessed" : "speculative";
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Start (or end) of a partial date's interval as a STIX timestamp with milliseconds; undefined when not a date. */
export function stixTimestamp(value: string | undefined, edge: "start" | "end" = "start"): string | undefined {
  if (!value) return undefined;
  const interval = parsePartialDate(value);
  if (!interval) return undefined;
  const n = edge === "start" ? interval.start : interval.end;
  const date = `${Math.floor(n / 10000)}-${pad(Math.floor(n / 100) % 100)}-${pad(n % 100)}`;
  return edge === "start" ? `${date}T00:00:00.000Z` : `${date}T23:59:59.999Z`;
}

/** Any ISO instant as a STIX timestamp with milliseconds. */
export function stixInstant(iso: string): string {
  const t = Date.parse(iso);
  return new Date(Number.isFinite(t) ? t : 0).toISOString();
}

/** A STIX timestamp back to our partial date (day precision). */
export function partialDateFromStix(value: unknown): string | undefined {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : undefined;
}

/* ---------- node kinds ---------- */

export type StixNodeType = "threat-actor" | "identity" | "location" | "incident" | "infrastructure" | "report";

/** The SDO each vocabulary kind becomes; person is decided per node (see `personIsThreatActor`). */
export const kindToStix: Record<string, { type: StixNodeType; identityClass?: string; resourceLevel?: string; sectors?: string[] }> = {
  group: { type: "threat-actor", resourceLevel: "organization" },
  person: { type: "identity", identityClass: "individual" },
  state: { type: "identity", identityClass: "organization", sectors: ["government-national"] },
  organisation: { type: "identity", identityClass: "organization" },
  media: { type: "identity", identityClass: "organization", sectors: ["communications"] },
  population: { type: "identity", identityClass: "class" },
  place: { type: "location" },
  attack: { type: "incident" },
  event: { type: "incident" },
  investment: { type: "infrastructure" },
  publication: { type: "report" },
};

export const defaultStixNode = { type: "identity" as StixNodeType, identityClass: "unknown" };

/** Relations that make a person a threat actor rather than a mere identity: acts of violence, whatever the target... */
export const threatActorRelations = new Set(["perpetrated", "claimed", "executed"]);
/** ...and ties to a group (a president who `leads` a state stays an identity). */
export const threatActorGroupRelations = new Set(["member-of", "leads", "pledged-allegiance-to"]);

/** ISO 3166-1 alpha-2 codes of the states and places the curated data names (a location needs a country or region). */
export const countryCodes: Record<string, string> = {
  afghanistan: "AF", china: "CN", pakistan: "PK", tajikistan: "TJ", uzbekistan: "UZ", iran: "IR", russia: "RU",
  kyrgyzstan: "KG", kazakhstan: "KZ", turkmenistan: "TM", india: "IN", syria: "SY", iraq: "IQ",
  "united-states": "US", "united-kingdom": "GB", turkey: "TR",
};

/** Place names that say a region without naming it the region-ov way. */
export const regionAliases: Record<string, string> = { "af-pak": "southern-asia", "middle-east": "western-asia" };

/** STIX region-ov values, longest first so `central-asia` wins over `asia`. */
export const regions = [
  "australia-new-zealand", "latin-america-caribbean", "south-eastern-asia", "northern-america", "central-america",
  "eastern-africa", "middle-africa", "northern-africa", "southern-africa", "western-africa", "eastern-europe",
  "northern-europe", "southern-europe", "western-europe", "south-america", "central-asia", "eastern-asia",
  "southern-asia", "western-asia", "micronesia", "melanesia", "polynesia", "antarctica", "caribbean", "americas",
  "oceania", "africa", "europe", "asia",
];

/* ---------- relations ---------- */

export interface StixRelationMapping {
  type: string;
  /** The STIX relationship runs the other way (`perpetrated` a→b is `attributed-to` b→a). */
  reverse?: boolean;
  /** Geographic: an endpoint that is a state uses the state's location twin. */
  geographic?: boolean;
}

/**
 * STIX 2.1 vocabulary where one fits (targets, located-at, attributed-to, authored-by), the relationship types
 * OpenCTI adds (cooperates-with, part-of, national-of), and otherwise our relation id as a custom type
 * (already lowercase-hyphen). `hosts` is renamed because STIX's `hosts` means hosting infrastructure.
 */
export const relationToStix: Record<string, StixRelationMapping> = {
  targets: { type: "targets" },
  "based-in": { type: "located-at", geographic: true },
  "located-in": { type: "located-at", geographic: true },
  "occurred-in": { type: "located-at", geographic: true },
  perpetrated: { type: "attributed-to", reverse: true },
  authored: { type: "authored-by", reverse: true },
  "allied-with": { type: "cooperates-with" },
  "part-of": { type: "part-of" },
  "national-of": { type: "national-of" },
  hosts: { type: "shelters" },
};

export function stixRelation(relation: string): StixRelationMapping {
  return relationToStix[relation] ?? { type: relation.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "related-to" };
}

/** For foreign bundles: a STIX relationship type back to our relation, and whether its ends swap. */
export const stixToRelation: Record<string, { relation: string; reverse?: boolean }> = {
  targets: { relation: "targets" },
  "located-at": { relation: "located-in" },
  "originates-from": { relation: "based-in" },
  "attributed-to": { relation: "perpetrated", reverse: true },
  "authored-by": { relation: "authored", reverse: true },
  "cooperates-with": { relation: "allied-with" },
  "part-of": { relation: "part-of" },
  "national-of": { relation: "national-of" },
  shelters: { relation: "hosts" },
};

/** Custom properties of ours carry what STIX has no field for, so our own bundles load back unchanged. */
export const x = {
  key: "x_actor_graph_key",
  kind: "x_actor_graph_kind",
  role: "x_actor_graph_role",
  relation: "x_actor_graph_relation",
  confidence: "x_actor_graph_confidence",
  since: "x_actor_graph_since",
  until: "x_actor_graph_until",
  undirected: "x_actor_graph_undirected",
  evidence: "x_actor_graph_evidence",
  facts: "x_actor_graph_facts",
  date: "x_actor_graph_date",
  casualties: "x_actor_graph_casualties",
  note: "x_actor_graph_note",
  source: "x_actor_graph_source",
} as const;
