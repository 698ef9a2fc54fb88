// The HTTP server around the app: answers in JSON even what Node answers before Express runs (431, 400, 408, 417, no Host, CONNECT).
import { createServer, maxHeaderSize, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { AppError, type ErrorCode } from "./errors.js";
import { errorBody } from "./error-response.js";

const statusText: Record<number, string> = {
  400: "Bad Request",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Payload Too Large",
  417: "Expectation Failed",
  431: "Request Header Fields Too Large",
};

/** A complete HTTP/1.1 response as bytes, for sockets that have no ServerResponse (yet). */
function rawJsonResponse(error: AppError): string {
  const body = JSON.stringify(errorBody(error));
  return [
    `HTTP/1.1 ${error.status} ${statusText[error.status] ?? "Error"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-store",
    "X-Content-Type-Options: nosniff",
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

function sendJson(res: ServerResponse, error: AppError): void {
  const body = JSON.stringify(errorBody(error));
  res.writeHead(error.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    Connection: "close",
  });
  res.end(body);
}

/** What the HTTP parser's error codes mean, as Node's own default answers them (without the JSON). */
function clientErrorOf(code: string | undefined): AppError {
  const map: Record<string, [ErrorCode, string]> = {
    HPE_HEADER_OVERFLOW: ["HEADERS_TOO_LARGE", `the request line and headers are larger than the server accepts (${Math.round(maxHeaderSize / 1024)} KB in all)`],
    HPE_CHUNK_EXTENSIONS_OVERFLOW: ["PAYLOAD_TOO_LARGE", "the request's chunk extensions are too large"],
    ERR_HTTP_REQUEST_TIMEOUT: ["REQUEST_TIMEOUT", "the request was not received in time"],
  };
  const [errorCode, message] = map[code ?? ""] ?? ["BAD_REQUEST", "the request is not valid HTTP/1.1"];
  return new AppError(errorCode, message);
}

/**
 * An http.Server for `app` where every answer Node would write itself carries the JSON error shape:
 * parser errors (`clientError`: 400, 408, 413, 431), an unknown `Expect` (417), an HTTP/1.1 request without Host
 * (400; Node's own check is turned off so this one can answer) and CONNECT (405).
 */
export function createHttpServer(app: RequestListener): Server {
  const server = createServer({ requireHostHeader: false }, (req: IncomingMessage, res: ServerResponse) => {
    if (req.httpVersion === "1.1" && req.headers.host === undefined)
      return sendJson(res, new AppError("BAD_REQUEST", "an HTTP/1.1 request needs a Host header"));
    app(req, res);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's default: answer only if nothing of a response was written on this socket yet.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code !== "ECONNRESET" && socket.writable && !inFlight?.headersSent)
      socket.end(rawJsonResponse(clientErrorOf(error.code)), () => socket.destroy());
    else socket.destroy();
  });
  server.on("checkExpectation", (_req: IncomingMessage, res: ServerResponse) => {
    sendJson(res, new AppError("EXPECTATION_FAILED", "the Expect header is not supported: only 100-continue is"));
  });
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    socket.end(rawJsonResponse(new AppError("METHOD_NOT_ALLOWED", "CONNECT is not allowed: this is not a proxy")), () => socket.destroy());
  });
  return server;
}
