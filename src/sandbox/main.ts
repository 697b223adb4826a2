import { startSandbox } from './server.js';

/** `npm run sandbox`: the simulated upstreams alone, for other clients and for benchmarks. */
const port = Number(process.env.SANDBOX_PORT ?? 4010);
const sandbox = await startSandbox({ port, seed: process.env.SANDBOX_SEED ? Number(process.env.SANDBOX_SEED) : undefined });
console.log(`Tally sandbox listening on ${sandbox.origin}`);
console.log(`  request counters: ${sandbox.origin}/_stats`);
const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
