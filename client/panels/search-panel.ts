// Global search: autocomplete over labels and aliases; Enter flies the camera to the actor and selects it.
import type { AppContext } from "../app-context.js";
import { createAutocomplete } from "./autocomplete.js";

export function mountSearchPanel(container: HTMLElement, ctx: AppContext): { clear(): void } {
  const search = createAutocomplete({
    label: "Search actors",
    hiddenLabel: true,
    placeholder: "Search actors, places, attacks… (press / )",
    kindColor: ctx.model.kindColor,
    onChoose: (result) => {
      if (!ctx.model.graph.hasNode(result.id)) {
        ctx.reportError(new Error(`“${result.label}” is not in the loaded graph`), "Search");
        return;
      }
      ctx.selectNode(result.id, { fly: true });
    },
    onError: (error) => ctx.reportError(error, "Search failed"),
  });
  search.input.id = "search-input";
  search.root.querySelector("label")?.setAttribute("for", "search-input");
  container.appendChild(search.root);

  document.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement | null;
    const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      search.input.focus();
      search.input.select();
    }
  });
  return { clear: () => search.setText("") };
}
