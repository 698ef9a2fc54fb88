// Runs once before all suites: builds the viewer so browser tests and the server find client/dist.
import { ensureClient } from "../scripts/ensure-client.mjs";

export default async function setup(): Promise<void> {
  await ensureClient({ quiet: true });
}
