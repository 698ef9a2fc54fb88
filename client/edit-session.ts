// The edit token for this tab: kept in sessionStorage (gone when the tab closes), never in the URL or a cookie.
const key = "actor-graph:edit-token";

export const editSession = {
  token(): string | null {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  enter(token: string): void {
    sessionStorage.setItem(key, token.trim());
  },
  leave(): void {
    sessionStorage.removeItem(key);
  },
};
