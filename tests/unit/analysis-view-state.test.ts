// The Analysis panel's part of the viewer's URL state: what a permalink carries, and what malformed input becomes.
import { describe, expect, it } from "vitest";
import { defaultAnalysisState, defaultViewState, parseViewState, serializeViewState, type ViewState } from "../../client/state.js";

const withAnalysis = (analysis: Partial<ViewState["analysis"]>): ViewState => ({ ...defaultViewState, analysis: { ...defaultAnalysisState, ...analysis } });

describe("analysis view state", () => {
  it("should round-trip an exposure view with its highlighted threat through the address", () => {
    const state = withAnalysis({ tab: "exposure", target: "china", maxLength: 2, sort: "label", item: "threat,mes-aynak,iskp" });
    const query = serializeViewState(state);
    expect(query).toBe("?analysis=exposure&target=china&maxLength=2&sort=label&item=threat,mes-aynak,iskp");
    expect(parseViewState(query).analysis).toEqual(state.analysis);
  });

  it("should round-trip a diff and a balance page", () => {
    const diff = withAnalysis({ tab: "diff", from: "2021", to: "2022" });
    expect(serializeViewState(diff)).toBe("?analysis=diff&diffFrom=2021&diffTo=2022");
    expect(parseViewState(serializeViewState(diff)).analysis).toEqual(diff.analysis);
    const balance = withAnalysis({ tab: "balance", offset: 40, item: "triad,a,b,c" });
    expect(parseViewState(serializeViewState(balance)).analysis).toEqual(balance.analysis);
  });

  it("should leave the analysis out of the address when no analysis is open", () => {
    expect(serializeViewState(withAnalysis({ target: "china", from: "2021", to: "2022" }))).toBe("");
  });

  it("should fall back to defaults on malformed analysis parameters", () => {
    const parsed = parseViewState("?analysis=nope&target=%3Cb%3E&maxLength=9&sort=evil&item=%3Cscript%3E&diffFrom=21&offset=-3");
    expect(parsed.analysis).toEqual(defaultAnalysisState);
    expect(parseViewState("?analysis=balance&item=triad,__bad id").analysis.item).toBeNull();
  });
});
