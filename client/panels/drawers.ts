// Shared drawer mechanics: side panels are columns on wide screens and drawers or sheets on small ones, one open at a time there.
import { byId } from "../dom.js";

/** Below this width the panels leave the graph the whole screen and open over it (see styles.css). */
export const NARROW_QUERY = "(max-width: 1100px)";

export interface Drawer {
  readonly id: string;
  isOpen(): boolean;
  open(options?: { focus?: boolean }): void;
  close(): void;
  toggle(): void;
}

export interface Drawers {
  get(id: string): Drawer | undefined;
  /** True when panels open over the graph (small screens). */
  narrow(): boolean;
  /** Registers a drawer: `element` is the panel, `toggle` the button that opens and closes it. */
  add(id: string, element: HTMLElement, toggle: HTMLButtonElement): Drawer;
  /** Closes the open overlay drawer on a small screen; false when none was open. */
  closeOverlay(): boolean;
}

/**
 * The layout element carries `data-<id>="open|closed"` for each drawer; CSS turns that into a column width (wide)
 * or an overlay (narrow). A closed drawer is `display: none`, so it leaves the Tab order. The graph's own
 * ResizeObserver follows every change of its size.
 */
export function createDrawers(layout: HTMLElement = byId("layout")): Drawers {
  const media = window.matchMedia(NARROW_QUERY);
  const drawers = new Map<string, Drawer & { sync(): void; element: HTMLElement }>();
  /** What the user chose on a wide screen, restored when the screen widens again. */
  const wideChoice = new Map<string, boolean>();

  const narrow = () => media.matches;
  const set = (id: string, open: boolean) => {
    layout.dataset[id] = open ? "open" : "closed";
    drawers.get(id)?.sync();
  };

  const api: Drawers = {
    get: (id) => drawers.get(id),
    narrow,
    add(id, element, toggle) {
      const drawer = {
        id,
        element,
        isOpen: () => layout.dataset[id] === "open",
        open(options?: { focus?: boolean }) {
          // On a small screen only one panel covers the graph at a time.
          if (narrow()) {
            for (const other of drawers.values()) if (other.id !== id && other.isOpen()) set(other.id, false);
          } else wideChoice.set(id, true);
          set(id, true);
          if (options?.focus) element.focus({ preventScroll: true });
        },
        close() {
          if (!narrow()) wideChoice.set(id, false);
          const hadFocus = element.contains(document.activeElement);
          set(id, false);
          if (hadFocus) toggle.focus();
        },
        toggle() {
          if (drawer.isOpen()) drawer.close();
          else drawer.open();
        },
        sync() {
          toggle.setAttribute("aria-expanded", String(drawer.isOpen()));
        },
      };
      drawers.set(id, drawer);
      toggle.addEventListener("click", () => drawer.toggle());
      set(id, !narrow());
      return drawer;
    },
    closeOverlay() {
      if (!narrow()) return false;
      let closed = false;
      for (const drawer of drawers.values())
        if (drawer.isOpen()) {
          drawer.close();
          closed = true;
        }
      return closed;
    },
  };

  media.addEventListener("change", () => {
    for (const drawer of drawers.values()) set(drawer.id, narrow() ? false : wideChoice.get(drawer.id) ?? true);
  });
  return api;
}
