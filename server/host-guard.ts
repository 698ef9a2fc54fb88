// DNS-rebinding guard: which Host headers the service answers, decided from the interface it is bound to and ALLOWED_HOSTS.
import type { NextFunction, Request, Response } from "express";
import { AppError } from "./errors.js";

/** Names a browser sends for the loopback interface; a rebinding page can never make it send one of these. */
const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether a bind address is a loopback interface (127.0.0.0/8, ::1, localhost, or 127.x mapped into IPv6). */
export function isLoopbackAddress(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  return /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The host name of a Host header without its port, lower-cased, trailing dot removed; IPv6 keeps its brackets.
 * Undefined when the header is missing or malformed.
 */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const h = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/.exec(h);
  if (!m) return undefined;
  return m[1].replace(/\.$/, "");
}

/** `ALLOWED_HOSTS=a.example, b.example:8080` → `["a.example", "b.example"]`; `*` allows every host. */
export function parseAllowedHosts(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === "*" ? s : hostName(s) ?? s.toLowerCase()));
}

export interface HostPolicy {
  /** The interface the server is bound to (`HOST`). */
  bindHost: string;
  /** Extra host names to answer (`ALLOWED_HOSTS`), port-less, lower case; `*` for any. */
  allowedHosts: readonly string[];
}

/**
 * Bound to loopback: only the loopback names and ALLOWED_HOSTS. Bound elsewhere: the loopback names and
 * ALLOWED_HOSTS when it is set, every host when it is not (a service exposed on a network is reached by
 * whatever names point at it; ALLOWED_HOSTS pins them).
 */
export function hostAllowed(policy: HostPolicy, header: string | undefined): boolean {
  if (policy.allowedHosts.includes("*")) return true;
  const name = hostName(header);
  if (name !== undefined && (loopbackNames.has(name) || policy.allowedHosts.includes(name))) return true;
  return !isLoopbackAddress(policy.bindHost) && policy.allowedHosts.length === 0;
}

/** Printable, bounded rendering of an untrusted header for the error message. */
function shown(header: string | undefined): string {
  if (header === undefined) return "(none)";
  const clean = header.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}

/** Express middleware refusing requests for a Host the policy does not answer (421 HOST_NOT_ALLOWED). */
export function hostGuard(policy: HostPolicy) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.headers.host;
    if (hostAllowed(policy, header)) return next();
    next(
      new AppError(
        "HOST_NOT_ALLOWED",
        `Host ${JSON.stringify(shown(header))} is not served here: use localhost, 127.0.0.1 or [::1], or add the name to ALLOWED_HOSTS`,
      ),
    );
  };
}
