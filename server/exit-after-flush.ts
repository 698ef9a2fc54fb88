// Exits once stdout and stderr have taken everything written to them.
//
// Written to a pipe, they are asynchronous on POSIX: process.exit() right after a long write (a brief, --json, a list
// of data problems) would cut it at the pipe's 64 KB. An empty write's callback runs after every earlier write.
export function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
