// As-of time slider (2004–2023 or all time) with a play button stepping through the years and a per-year histogram.
import type { AppContext } from "../app-context.js";
import { el, replaceChildren, uniqueId } from "../dom.js";
import type { ViewState } from "../state.js";
import { filterMasks, isUndated } from "../visibility.js";

export const FIRST_YEAR = 2004;
export const LAST_YEAR = 2023;
const STEP_MS = 1100;

export function mountTimeSlider(container: HTMLElement, ctx: AppContext): void {
  const sliderId = uniqueId("as-of");
  const slider = el("input", {
    class: "time-range",
    attrs: { id: sliderId, type: "range", min: FIRST_YEAR, max: LAST_YEAR, step: 1, value: LAST_YEAR },
  });
  const output = el("output", { class: "time-value", attrs: { for: sliderId, "aria-live": "polite" } });
  const allTime = el("button", { class: "btn btn-small", text: "All time", attrs: { type: "button", "aria-pressed": "true" } });
  const play = el("button", { class: "btn btn-small play", attrs: { type: "button", "aria-label": "Play through the years" }, text: "▶ Play" });
  const histogram = el("div", { class: "histogram", attrs: { "aria-hidden": "true" } });
  // Undated relations hold at every date: in an as-of view they are drawn faint, and can be left out.
  const undatedId = uniqueId("show-undated");
  const undated = el("input", { attrs: { id: undatedId, type: "checkbox", checked: true } });
  const undatedLabel = el("label", { attrs: { for: undatedId } });
  undated.addEventListener("change", () => ctx.store.update({ hideUndated: !undated.checked }));
  let undatedTotal = 0;
  for (let e = 0; e < ctx.model.index.edgeKeys.length; e++) if (isUndated(ctx.model.index, e)) undatedTotal++;

  let timer: ReturnType<typeof setInterval> | null = null;

  const setYear = (year: number, history: "push" | "replace") => ctx.store.update({ asOf: String(year) }, history);

  slider.addEventListener("input", () => setYear(Number(slider.value), "replace"));
  slider.addEventListener("change", () => ctx.store.writeUrl("push"));
  allTime.addEventListener("click", () => {
    stop();
    ctx.store.update({ asOf: null });
  });
  play.addEventListener("click", () => (timer ? stop() : start()));

  function start() {
    const state = ctx.store.get();
    let year = state.asOf ? Number(state.asOf.slice(0, 4)) : FIRST_YEAR - 1;
    if (year >= LAST_YEAR) year = FIRST_YEAR - 1;
    const step = () => {
      year += 1;
      setYear(year, "replace");
      if (year >= LAST_YEAR) stop();
    };
    step();
    if (year < LAST_YEAR) timer = setInterval(step, STEP_MS);
    renderPlay();
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    renderPlay();
  }

  function renderPlay() {
    play.textContent = timer ? "❚❚ Pause" : "▶ Play";
    play.setAttribute("aria-label", timer ? "Pause" : "Play through the years");
    play.setAttribute("aria-pressed", String(Boolean(timer)));
  }

  container.append(
    el("div", { class: "time-head" }, [
      el("label", { class: "field-label", text: "As of", attrs: { for: sliderId } }),
      output,
      el("span", { class: "spacer" }),
      play,
      allTime,
    ]),
    histogram,
    slider,
    el("div", { class: "time-scale", attrs: { "aria-hidden": "true" } }, [el("span", { text: String(FIRST_YEAR) }), el("span", { text: String(LAST_YEAR) })]),
    el("div", { class: "field inline check undated-toggle" }, [undated, undatedLabel]),
    el("p", { class: "muted small", text: "Bars count dated relations only. Undated ones (no since/until) are drawn faint in an as-of view." }),
  );

  let lastHistogramKey = "";
  const renderHistogram = (state: ViewState) => {
    const key = [state.kinds.join(","), state.relations.join(","), state.minConfidence, state.asOf].join("|");
    if (key === lastHistogramKey) return;
    lastHistogramKey = key;
    const counts: number[] = [];
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      counts.push(filterMasks(ctx.model.index, { ...state, asOf: String(year), hideUndated: true }).edgeCount);
    }
    const max = Math.max(1, ...counts);
    const selectedYear = state.asOf ? Number(state.asOf.slice(0, 4)) : null;
    replaceChildren(
      histogram,
      counts.map((count, i) => {
        const bar = el("span", { class: FIRST_YEAR + i === selectedYear ? "bar current" : "bar", title: `${FIRST_YEAR + i}: ${count} dated relations`, dataset: { year: String(FIRST_YEAR + i), count: String(count) } });
        bar.style.height = `${Math.max(2, Math.round((count / max) * 100))}%`;
        return bar;
      }),
    );
  };

  const update = (state: ViewState) => {
    const year = state.asOf ? Number(state.asOf.slice(0, 4)) : null;
    if (year !== null) slider.value = String(year);
    slider.classList.toggle("inactive", year === null);
    const text = year === null ? "All time" : state.asOf ?? "";
    output.textContent = text;
    slider.setAttribute("aria-valuetext", year === null ? "All time (slider inactive)" : `As of ${state.asOf}`);
    allTime.setAttribute("aria-pressed", String(year === null));
    undated.checked = !state.hideUndated;
    undated.disabled = year === null;
    undatedLabel.textContent = `Show undated relations (${undatedTotal})${year === null ? " — in an as-of view" : ""}`;
    renderHistogram(state);
  };
  ctx.store.subscribe((state) => update(state));
  update(ctx.store.get());
}
