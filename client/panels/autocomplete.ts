// Accessible combobox over /api/nodes?q= (labels and aliases): arrows to move, Enter to choose, Escape to close.
import { api } from "../api.js";
import type { SearchResult } from "../api-types.js";
import { el, replaceChildren, swatch, uniqueId } from "../dom.js";

export interface AutocompleteOptions {
  label: string;
  placeholder?: string;
  /** Hide the visible label (it stays the accessible name). */
  hiddenLabel?: boolean;
  kindColor: (kind: string) => string;
  onChoose: (result: SearchResult) => void;
  onError?: (error: unknown) => void;
  limit?: number;
}

export interface Autocomplete {
  root: HTMLElement;
  input: HTMLInputElement;
  setText(text: string): void;
  clear(): void;
}

export function createAutocomplete(options: AutocompleteOptions): Autocomplete {
  const inputId = uniqueId("ac-input");
  const listId = uniqueId("ac-list");
  const input = el("input", {
    class: "ac-input",
    attrs: {
      id: inputId,
      type: "text",
      role: "combobox",
      autocomplete: "off",
      spellcheck: "false",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      placeholder: options.placeholder ?? "",
    },
  });
  const list = el("ul", { class: "ac-list", attrs: { id: listId, role: "listbox", "aria-label": `${options.label} suggestions` } });
  list.hidden = true;
  const label = el("label", { class: options.hiddenLabel ? "visually-hidden" : "field-label", text: options.label, attrs: { for: inputId } });
  const root = el("div", { class: "ac" }, [label, el("div", { class: "ac-box" }, [input, list])]);

  let results: SearchResult[] = [];
  let resultsFor = "";
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let controller: AbortController | null = null;
  let pending: Promise<void> | null = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const render = () => {
    const query = input.value.trim();
    if (!query) return close();
    if (!results.length) {
      replaceChildren(list, [el("li", { class: "ac-empty", text: `No actor matches “${query}”`, attrs: { role: "option", "aria-disabled": "true" } })]);
    } else {
      replaceChildren(
        list,
        results.map((r, i) => {
          const alias = r.aliases?.find((a) => a.toLowerCase().includes(query.toLowerCase()) && a !== r.label);
          return el(
            "li",
            {
              class: "ac-option",
              attrs: { id: `${listId}-${i}`, role: "option", "aria-selected": i === active ? "true" : "false" },
              dataset: { id: r.id },
              on: {
                mousedown: (event) => {
                  event.preventDefault();
                  choose(i);
                },
              },
            },
            [
              swatch(options.kindColor(r.kind)),
              el("span", { class: "ac-label", text: r.label }),
              alias ? el("span", { class: "ac-alias", text: `aka ${alias}` }) : null,
              el("span", { class: "ac-kind", text: r.kind }),
            ],
          );
        }),
      );
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${listId}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };

  const fetchNow = (): Promise<void> => {
    const query = input.value.trim();
    if (timer) clearTimeout(timer);
    timer = null;
    if (!query) {
      results = [];
      resultsFor = "";
      close();
      return Promise.resolve();
    }
    if (query === resultsFor) {
      // Same text as the last answer: show those suggestions again.
      const shown = pending ?? Promise.resolve();
      return shown.then(() => {
        if (document.activeElement === input && resultsFor === input.value.trim()) render();
      });
    }
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    pending = api
      .searchNodes(query, options.limit ?? 10, mine.signal)
      .then(({ results: found }) => {
        if (controller !== mine) return;
        results = found;
        resultsFor = query;
        active = found.length ? 0 : -1;
        if (document.activeElement === input) render();
      })
      .catch((error: unknown) => {
        if ((error as Error).name === "AbortError") return;
        options.onError?.(error);
      });
    return pending;
  };

  const choose = (index: number) => {
    const result = results[index];
    if (!result) return;
    input.value = result.label;
    close();
    options.onChoose(result);
  };

  input.addEventListener("input", () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void fetchNow(), 120);
  });
  input.addEventListener("focus", () => {
    if (input.value.trim() && resultsFor === input.value.trim()) render();
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) {
        void fetchNow().then(render);
        return;
      }
      if (!results.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + results.length) % results.length;
      render();
      document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter") {
      event.preventDefault();
      const query = input.value.trim();
      if (!query) return;
      void fetchNow().then(() => {
        if (resultsFor === query) choose(active >= 0 ? active : 0);
      });
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });

  return {
    root,
    input,
    setText(text: string) {
      input.value = text;
      results = [];
      resultsFor = "";
      close();
    },
    clear() {
      this.setText("");
    },
  };
}
