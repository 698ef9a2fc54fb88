// Skip links to each panel: open the drawer holding the target (small screens), unfold a folded panel, move the focus there.
import type { Drawers } from "./drawers.js";

export function installSkipLinks(drawers: Drawers): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>(".skip-link")) {
    link.addEventListener("click", (event) => {
      const id = link.getAttribute("href")?.slice(1);
      const target = id ? document.getElementById(id) : null;
      if (!target) return;
      event.preventDefault();
      const drawer = link.dataset.drawer ? drawers.get(link.dataset.drawer) : undefined;
      if (drawer && !drawer.isOpen()) drawer.open();
      let focusable: HTMLElement = target;
      if (target instanceof HTMLDetailsElement) {
        target.open = true;
        focusable = target.querySelector("summary") ?? target;
      }
      if (focusable.tabIndex < 0 && !focusable.hasAttribute("tabindex")) focusable.setAttribute("tabindex", "-1");
      focusable.focus();
      focusable.scrollIntoView({ block: "nearest" });
    });
  }
}
