// The viewer's edit mode: enter with the token, add or edit an actor, a relation or an evidence item, drag node to node to relate.
import "./edit-panel.css";
import { api } from "../api.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren } from "../dom.js";
import { editSession } from "../edit-session.js";
import type { SourceInfo } from "../api-types.js";
import type { EditOp } from "../edit-types.js";
import { describeOps, editApi, showReview } from "./edit-review.js";
import { mountHistoryPanel } from "./history-panel.js";

const slug = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

function field(label: string, control: HTMLElement): HTMLElement {
  return el("label", { class: "edit-field" }, [el("span", { text: label }), control]);
}

const input = (name: string, value = "", attrs: Record<string, string | number | boolean> = {}) =>
  el("input", { attrs: { name, value, ...attrs } });

function select(name: string, options: { value: string; label: string }[], value?: string): HTMLSelectElement {
  const s = el("select", { attrs: { name } }, options.map((o) => el("option", { text: o.label, attrs: { value: o.value, selected: o.value === value } })));
  return s;
}

export function mountEditPanel(ctx: AppContext): void {
  const toggle = el("button", { class: "edit-toggle", text: "Edit", attrs: { type: "button", id: "edit-toggle", "aria-expanded": "false" } });
  document.querySelector(".topbar")?.append(toggle);
  const dock = el("aside", { class: "edit-dock", attrs: { id: "edit-dock", "aria-label": "Edit mode", hidden: true } });
  document.body.append(dock);
  let sources: SourceInfo[] = [];
  let relateTo: string | null = null;
  let tab: "edit" | "history" = "edit";

  const open = () => {
    dock.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    render();
  };
  toggle.addEventListener("click", () => (dock.hidden ? open() : ((dock.hidden = true), toggle.setAttribute("aria-expanded", "false"))));

  const after = () => setTimeout(() => location.reload(), 400);

  function tokenForm(): HTMLElement {
    const token = el("input", { attrs: { type: "password", id: "edit-token", autocomplete: "off", placeholder: "edit token" } });
    const form = el("form", { class: "edit-form" }, [
      el("p", { text: "Edits need the server's token (ACTOR_GRAPH_TOKEN, or the file the server printed at first start). It is kept for this tab only." }),
      field("Token", token),
      el("button", { text: "Enter edit mode", attrs: { type: "submit", id: "edit-enter" } }),
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!token.value.trim()) return;
      editSession.enter(token.value);
      render();
    });
    return form;
  }

  function evidenceFields(prefix: string): HTMLElement[] {
    return [
      field("Source", select(`${prefix}source`, sources.map((s) => ({ value: s.id, label: `${s.id} (${s.reliability})` })), "S1")),
      field("Locator", input(`${prefix}locator`, "", { placeholder: "P17" })),
      field("Claim (own words)", el("textarea", { attrs: { name: `${prefix}claim`, rows: 2 } })),
      field("Credibility (optional)", select(`${prefix}credibility`, [{ value: "", label: "from the hedging" }, ...[1, 2, 3, 4, 5, 6].map((n) => ({ value: String(n), label: String(n) }))])),
    ];
  }

  const evidenceOf = (data: FormData, prefix: string) => {
    const credibility = String(data.get(`${prefix}credibility`) ?? "");
    return {
      source: String(data.get(`${prefix}source`) ?? ""),
      locator: String(data.get(`${prefix}locator`) ?? "").trim(),
      claim: String(data.get(`${prefix}claim`) ?? "").trim(),
      ...(credibility ? { credibility: Number(credibility) } : {}),
    };
  };

  /** A form whose submit builds ops and opens the review in `review`. */
  function opForm(title: string, id: string, fields: HTMLElement[], build: (data: FormData) => EditOp[], review: HTMLElement): HTMLElement {
    const form = el("form", { class: "edit-form", attrs: { id } }, [el("h4", { text: title }), ...fields, el("button", { text: "Review…", attrs: { type: "submit" } })]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const ops = build(new FormData(form));
      showReview(review, {
        diff: describeOps(ops, (op) => ("key" in op && op.op === "update-node" && ctx.model.graph.hasNode(op.key) ? ctx.model.graph.getNodeAttributes(op.key) : null)),
        dataVersion: ctx.dataVersion,
        send: (reason, token) => editApi.edit(ops, reason, token, ctx.dataVersion as string),
        onDone: after,
      });
    });
    return form;
  }

  async function editTab(body: HTMLElement): Promise<void> {
    const review = el("div", { class: "edit-review-box", attrs: { id: "edit-review" } });
    const kinds = ctx.model.schema.nodeKinds.map((k) => ({ value: k.id, label: k.label }));
    const relations = ctx.model.schema.relations.map((r) => ({ value: r.id, label: r.label }));
    const confidence = ["reported", "assessed", "speculative"].map((c) => ({ value: c, label: c }));
    const label = input("label", "", { id: "edit-actor-label" });
    const key = input("key", "", { id: "edit-actor-key", pattern: "[a-z0-9]+(-[a-z0-9]+)*" });
    label.addEventListener("input", () => (key.value = slug(label.value)));
    const forms: HTMLElement[] = [
      opForm("Add an actor", "edit-add-actor", [field("Label", label), field("Key", key), field("Kind", select("kind", kinds, "group")), field("Description", el("textarea", { attrs: { name: "description", rows: 2 } })), ...evidenceFields("")], (d) => [
        { op: "add-node", key: String(d.get("key")), attributes: { label: String(d.get("label")).trim(), kind: String(d.get("kind")), description: String(d.get("description")).trim(), evidence: [evidenceOf(d, "")] } },
      ], review),
    ];
    const selected = ctx.store.get().selected;
    if (selected) {
      const details = await api.node(selected);
      const a = details.node.attributes;
      const name = a.label;
      forms.unshift(
        opForm(`Edit ${name}`, "edit-update-actor", [field("Label", input("label", a.label)), field("Description", el("textarea", { text: String(a.description ?? ""), attrs: { name: "description", rows: 3 } }))], (d) => {
          const attributes: Record<string, unknown> = {};
          if (String(d.get("label")).trim() !== a.label) attributes.label = String(d.get("label")).trim();
          if (String(d.get("description")).trim() !== a.description) attributes.description = String(d.get("description")).trim();
          return [{ op: "update-node", key: selected, attributes }];
        }, review),
        opForm(`Relate ${name} to…`, "edit-add-relation", [
          field("Other actor (id)", el("input", { attrs: { name: "target", id: "edit-relation-target", value: relateTo ?? "", list: "edit-node-ids" } })),
          el("datalist", { attrs: { id: "edit-node-ids" } }, ctx.model.graph.mapNodes((n, attrs) => el("option", { attrs: { value: n, label: String(attrs.label) } }))),
          field("Relation", select("relation", relations)),
          field("Confidence", select("confidence", confidence)),
          ...evidenceFields("r-"),
        ], (d) => [
          { op: "add-edge", source: selected, target: String(d.get("target")).trim(), attributes: { relation: String(d.get("relation")), confidence: String(d.get("confidence")), evidence: [evidenceOf(d, "r-")] } },
        ], review),
      );
      if (details.relations.length) {
        const edges = details.relations.map((r) => ({ value: r.edge, label: `${r.relation} ${r.direction === "in" ? "←" : "→"} ${r.other.label}` }));
        forms.splice(2, 0, opForm("Add evidence to a relation", "edit-add-evidence", [field("Relation", select("edge", edges)), ...evidenceFields("e-")], (d) => {
          const edge = String(d.get("edge"));
          const current = details.relations.find((r) => r.edge === edge);
          // The whole list is sent (update merges attributes); the curated items are kept as written, without grades.
          const kept = (current?.evidence ?? []).map(({ source, locator, claim, confidence: c, credibility, since, until, credibilityDefault }) => ({
            source, locator, claim, ...(c ? { confidence: c } : {}), ...(credibilityDefault ? {} : { credibility }), ...(since ? { since } : {}), ...(until ? { until } : {}),
          }));
          return [{ op: "update-edge", key: edge, attributes: { evidence: [...kept, evidenceOf(d, "e-")] } }];
        }, review));
      }
    } else forms.push(el("p", { class: "muted", text: "Select an actor to edit it, relate it (or drag from one node to another) or add evidence to its relations." }));
    replaceChildren(body, [...forms, review]);
  }

  function render(): void {
    if (dock.hidden) return;
    const token = editSession.token();
    if (!token) {
      replaceChildren(dock, [el("h3", { text: "Edit mode" }), tokenForm()]);
      return;
    }
    const body = el("div", { class: "edit-body" });
    const tabs = el("div", { class: "edit-tabs", attrs: { role: "tablist" } }, [
      el("button", { text: "Edit", attrs: { type: "button", role: "tab", id: "edit-tab-edit", "aria-selected": tab === "edit" }, on: { click: () => ((tab = "edit"), render()) } }),
      el("button", { text: "History", attrs: { type: "button", role: "tab", id: "edit-tab-history", "aria-selected": tab === "history" }, on: { click: () => ((tab = "history"), render()) } }),
      el("button", { text: "Leave edit mode", attrs: { type: "button" }, on: { click: () => (editSession.leave(), render()) } }),
    ]);
    replaceChildren(dock, [el("h3", { text: "Edit mode" }), tabs, body]);
    if (tab === "history") mountHistoryPanel(body, ctx, after);
    else
      void (sources.length ? Promise.resolve() : api.sources().then((r) => void (sources = r.sources)))
        .then(() => editTab(body))
        .catch((error: unknown) => ctx.reportError(error, "The edit forms could not be loaded"));
  }

  ctx.store.subscribe((state, previous) => {
    if (state.selected !== previous.selected) render();
  });

  // Drag from one node to another (in edit mode) to relate them: the camera stays still while dragging.
  let dragFrom: string | null = null;
  ctx.renderer.on("downNode", ({ node }) => {
    if (editSession.token() && !dock.hidden) dragFrom = node;
  });
  ctx.renderer.on("moveBody", ({ event }) => {
    if (dragFrom) event.preventSigmaDefault();
  });
  ctx.renderer.on("upNode", ({ node }) => {
    const from = dragFrom;
    dragFrom = null;
    if (!from || from === node) return;
    relateTo = node;
    tab = "edit";
    ctx.selectNode(from);
    render();
  });
  ctx.renderer.on("upStage", () => (dragFrom = null));
  if (editSession.token()) open();
}
