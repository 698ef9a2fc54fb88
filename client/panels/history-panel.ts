// The History tab of edit mode: the audited edits of the selected actor (or one of its relations), each revertible.
import { api } from "../api.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren } from "../dom.js";
import { editSession } from "../edit-session.js";
import type { HistoryEntry } from "../edit-types.js";
import { showReview } from "./edit-review.js";

const sign = (c: HistoryEntry["changes"][number]) => (c.before && c.after ? "~" : c.after ? "+" : "-");

export function mountHistoryPanel(body: HTMLElement, ctx: AppContext, onDone: () => void): void {
  const selected = ctx.store.get().selected;
  const list = el("ol", { class: "edit-history", attrs: { id: "edit-history" } });
  const review = el("div", { class: "edit-review-box" });
  const relationPick = el("select", { attrs: { id: "edit-history-edge" } }, [el("option", { text: selected ? "the actor and its relations" : "all edits", attrs: { value: "" } })]);
  if (selected)
    ctx.model.graph.forEachEdge(selected, (edge, attributes, _s, _t, sa, ta) => {
      const other = sa === ctx.model.graph.getNodeAttributes(selected) ? ta : sa;
      relationPick.append(el("option", { text: `${attributes.relation} · ${String(other.label)}`, attrs: { value: edge } }));
    });

  const load = () => {
    const edge = relationPick.value;
    api
      .history(edge ? { edge, limit: 100 } : selected ? { node: selected, limit: 100 } : { limit: 100 })
      .then(({ entries }) => {
        if (entries.length === 0) return replaceChildren(list, [el("li", { class: "muted", text: "No edits recorded yet." })]);
        replaceChildren(
          list,
          entries.map((entry) =>
            el("li", { dataset: { revision: String(entry.revision) } }, [
              el("strong", { text: `r${entry.revision}` }),
              ` ${entry.time.slice(0, 16).replace("T", " ")} · ${entry.author}${entry.revertOf ? ` · reverts r${entry.revertOf}` : ""}`,
              el("div", { text: entry.reason }),
              el("ul", {}, entry.changes.map((c) => el("li", { class: "muted", text: `${sign(c)} ${c.type} ${c.key}` }))),
              editSession.token()
                ? el("button", {
                    text: "Revert…",
                    attrs: { type: "button" },
                    on: {
                      click: () =>
                        showReview(review, {
                          diff: entry.changes.map((c) => `${sign(c) === "+" ? "-" : sign(c) === "-" ? "+" : "~"} ${c.type} ${c.key} (back to before r${entry.revision})`),
                          dataVersion: ctx.dataVersion,
                          send: (reason, token) => api.revert(entry.revision, { reason }, token, ctx.dataVersion as string),
                          onDone,
                        }),
                    },
                  })
                : "",
            ]),
          ),
        );
      })
      .catch((error: unknown) => ctx.reportError(error, "The history could not be loaded"));
  };
  relationPick.addEventListener("change", load);
  replaceChildren(body, [el("label", { class: "edit-field" }, [el("span", { text: "Show" }), relationPick]), list, review]);
  load();
}
