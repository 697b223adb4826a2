import { clockSettingsFromEnv } from './core/clock-env.js';
import { startSandbox } from './server.js';

/**
 * `npm run sandbox`: the simulated upstreams alone, for other clients and for benchmarks.
 * `SANDBOX_NOW` (an ISO 8601 instant with a zone, e.g. `2026-10-24T22:30:00Z`) fixes the clock, so
 * anyone can stand at 00:30 in Oslo while UTC is still yesterday, or on a day of 23 or 25 hours.
 * `SANDBOX_CLOCK=run` runs the clock from there (or from the wall clock) and `SANDBOX_CLOCK_SPEED`
 * speeds it up (60: a sandbox minute per second), to watch a busy hour's bookings arrive.
 */
const port = Number(process.env.SANDBOX_PORT ?? 4010);
const clock = clockSettingsFromEnv(process.env);
if ('problems' in clock) {
  for (const problem of clock.problems) console.error(problem);
  process.exit(2);
}
const { now, clock: mode, clockSpeed } = clock.settings;
const sandbox = await startSandbox({
  port,
  seed: process.env.SANDBOX_SEED ? Number(process.env.SANDBOX_SEED) : undefined,
  now,
  clock: mode,
  clockSpeed,
}).catch((err: unknown) => {
  // A sandbox left running is the usual cause: name the variable that moves it, not a stack.
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
  console.error(
    `The sandbox cannot start: port ${port} (SANDBOX_PORT) is already in use, perhaps by another sandbox or \`npm start\`. Stop that process, or choose another port, e.g. SANDBOX_PORT=4011 npm run sandbox (0 picks a free port).`,
  );
  process.exit(1);
});
const reading = sandbox.clock.describe();
const clockNote =
  reading.mode === 'fixed'
    ? ` (clock fixed at ${reading.now})`
    : now !== undefined || clockSpeed !== 1
      ? ` (clock running from ${now?.toISOString() ?? reading.now} at ${clockSpeed}x real time)`
      : '';
console.log(`Tally sandbox listening on ${sandbox.origin}${clockNote}`);
console.log(`  request counters: ${sandbox.origin}/_stats, clock: ${sandbox.origin}/_clock`);
const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
