// The review step every save goes through: the diff of what will change, a required reason, then the request; 412 explained.
import { ApiError, api } from "../api.js";
import { el, replaceChildren } from "../dom.js";
import { editSession } from "../edit-session.js";
import type { EditOp } from "../edit-types.js";

export interface ReviewOptions {
  /** Lines of the diff: `+ …` added, `- …` removed, `~ …` changed. */
  diff: string[];
  /** What to send once the reason is given. */
  send(reason: string, token: string): Promise<{ revision: number }>;
  /** The data version the viewer shows; an edit based on another one is refused with 412. */
  dataVersion: string | null;
  onDone(revision: number): void;
}

/** Human-readable lines for ops: the whole new item for additions, old → new per attribute for updates. */
export function describeOps(ops: EditOp[], current: (op: EditOp) => Record<string, unknown> | null): string[] {
  const lines: string[] = [];
  for (const op of ops) {
    if (op.op === "add-node") lines.push(`+ actor ${op.key}: ${JSON.stringify(op.attributes, null, 1)}`);
    else if (op.op === "add-edge") lines.push(`+ relation ${op.source} → ${op.target}: ${JSON.stringify(op.attributes, null, 1)}`);
    else {
      const before = current(op) ?? {};
      for (const [name, value] of Object.entries(op.attributes)) {
        lines.push(`~ ${op.op === "update-node" ? "actor" : "relation"} ${op.key} ${name}: ${JSON.stringify(before[name] ?? null)} → ${JSON.stringify(value)}`);
      }
    }
  }
  return lines;
}

/** Shows the review inside `box`; resolves when saved or cancelled. */
export function showReview(box: HTMLElement, options: ReviewOptions): void {
  const reason = el("textarea", { attrs: { id: "edit-reason", rows: 2, required: true, placeholder: "Why does the data change? (source, report…)" } });
  const status = el("p", { class: "edit-status", attrs: { role: "status", "aria-live": "polite" } });
  const save = el("button", { text: "Save", attrs: { type: "submit", id: "edit-save" } });
  const cancel = el("button", { text: "Cancel", attrs: { type: "button" }, on: { click: () => replaceChildren(box, []) } });
  const form = el("form", { class: "edit-review" }, [
    el("h4", { text: "Review the change" }),
    el("pre", { class: "edit-diff", attrs: { id: "edit-diff" } }, [options.diff.join("\n")]),
    el("label", { text: "Reason", attrs: { for: "edit-reason" } }),
    reason,
    el("div", { class: "edit-actions" }, [save, cancel]),
    status,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = editSession.token();
    if (!reason.value.trim()) {
      status.textContent = "Give a reason: it goes into the history with the change.";
      return;
    }
    if (!token || !options.dataVersion) {
      status.textContent = "Enter edit mode with the token first.";
      return;
    }
    save.disabled = true;
    status.textContent = "Saving…";
    options.send(reason.value.trim(), token).then(
      (result) => {
        status.textContent = `Saved as revision ${result.revision}.`;
        options.onDone(result.revision);
      },
      (error: unknown) => {
        save.disabled = false;
        replaceChildren(status, [explain(error)]);
      },
    );
  });
  replaceChildren(box, [form]);
  reason.focus();
}

function explain(error: unknown): Node {
  if (!(error instanceof ApiError)) return document.createTextNode(String((error as Error)?.message ?? error));
  if (error.code === "PRECONDITION_FAILED") {
    // The message names the current version; reloading shows the other editor's change before redoing this one.
    return el("span", {}, [
      `Someone else changed the data since you loaded it: ${error.message}. Nothing of yours was saved. `,
      el("button", { text: "Reload the latest data", attrs: { type: "button" }, on: { click: () => location.reload() } }),
    ]);
  }
  if (error.code === "UNAUTHORIZED") {
    editSession.leave();
    return document.createTextNode("The token was refused; edit mode is off. Enter it again.");
  }
  return document.createTextNode(`${error.message}`);
}

export const editApi = {
  edit: (ops: EditOp[], reason: string, token: string, dataVersion: string) => api.edit({ reason, ops }, token, dataVersion),
};
