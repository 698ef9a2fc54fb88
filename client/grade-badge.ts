// A relation's Admiralty grade as a badge ("B2": source usually reliable, information probably true).
import { el } from "./dom.js";

const reliability: Record<string, string> = { A: "completely reliable", B: "usually reliable", C: "fairly reliable", D: "not usually reliable", E: "unreliable", F: "cannot be judged" };
const credibility: Record<string, string> = { "1": "confirmed", "2": "probably true", "3": "possibly true", "4": "doubtful", "5": "improbable", "6": "cannot be judged" };

export function gradeBadge(grade: unknown): HTMLElement | null {
  if (typeof grade !== "string" || !/^[A-F][1-6]$/.test(grade)) return null;
  return el("span", { class: "badge grade", text: grade, title: `Best source ${reliability[grade[0]]} (${grade[0]}), information ${credibility[grade[1]]} (${grade[1]})` });
}
