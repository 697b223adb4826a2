import { startSandbox } from './server.js';

/**
 * `npm run sandbox`: the simulated upstreams alone, for other clients and for benchmarks.
 * `SANDBOX_NOW` (an ISO 8601 instant with a zone, e.g. `2026-10-24T22:30:00Z`) fixes the clock, so
 * anyone can stand at 00:30 in Oslo while UTC is still yesterday, or on a day of 23 or 25 hours.
 */
const port = Number(process.env.SANDBOX_PORT ?? 4010);
const rawNow = process.env.SANDBOX_NOW;
if (rawNow !== undefined && rawNow !== '' && !isInstant(rawNow)) {
  console.error(`SANDBOX_NOW must be an ISO 8601 instant with a time zone, such as 2026-10-24T22:30:00Z (got ${JSON.stringify(rawNow)})`);
  process.exit(2);
}
const sandbox = await startSandbox({
  port,
  seed: process.env.SANDBOX_SEED ? Number(process.env.SANDBOX_SEED) : undefined,
  now: rawNow ? new Date(rawNow) : undefined,
}).catch((err: unknown) => {
  // A sandbox left running is the usual cause: name the variable that moves it, not a stack.
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
  console.error(`The sandbox cannot start: port ${port} (SANDBOX_PORT) is already in use, perhaps by another sandbox or \`npm start\`. Stop that process, or choose another port, e.g. SANDBOX_PORT=4011 npm run sandbox (0 picks a free port).`);
  process.exit(1);
});
console.log(`Tally sandbox listening on ${sandbox.origin}${rawNow ? ` (clock fixed at ${new Date(rawNow).toISOString()})` : ''}`);
console.log(`  request counters: ${sandbox.origin}/_stats`);
const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

function isInstant(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text));
}
