import { z } from 'zod';
import type { SandboxClockMode } from './clock.js';

/**
 * The standalone sandbox's clock variables (`npm run sandbox`), read by src/sandbox/main.ts. The
 * gateway reads the same variables for its embedded sandbox in its own configuration; the sandbox
 * imports nothing of the gateway, so it checks them itself, with the same rules and messages.
 */
const ClockEnv = z.object({
  SANDBOX_NOW: z.iso
    .datetime({ offset: true, message: 'SANDBOX_NOW must be an ISO 8601 instant with a time zone, such as 2026-10-24T22:30:00Z' })
    .optional(),
  SANDBOX_CLOCK: z
    .enum(['fixed', 'run'], {
      message:
        'SANDBOX_CLOCK must be fixed (the clock stands at SANDBOX_NOW) or run (it runs from SANDBOX_NOW, or from the wall clock without it)',
    })
    .optional(),
  SANDBOX_CLOCK_SPEED: z.coerce
    .number({ message: 'SANDBOX_CLOCK_SPEED must be a number: sandbox seconds per real second, e.g. 60 for a sandbox minute per second' })
    .positive({ message: 'SANDBOX_CLOCK_SPEED must be above 0 (1 is real time, 60 a sandbox minute per second)' })
    .max(86_400, { message: 'SANDBOX_CLOCK_SPEED must be at most 86400 (a sandbox day per second)' })
    .optional(),
});

export interface ClockSettings {
  now?: Date;
  clock: SandboxClockMode;
  clockSpeed: number;
}

/** The clock settings of an environment, or the problems with it (one line each, naming the variable). */
export function clockSettingsFromEnv(env: Record<string, string | undefined>): { settings: ClockSettings } | { problems: string[] } {
  // An empty variable is an unset one (`SANDBOX_NOW= npm run sandbox`).
  const present = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const parsed = ClockEnv.safeParse({
    SANDBOX_NOW: present('SANDBOX_NOW'),
    SANDBOX_CLOCK: present('SANDBOX_CLOCK'),
    SANDBOX_CLOCK_SPEED: present('SANDBOX_CLOCK_SPEED'),
  });
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`) };
  const e = parsed.data;
  // SANDBOX_NOW alone stands the clock still, as it always has; without it the clock runs (the wall clock).
  const clock = e.SANDBOX_CLOCK ?? (e.SANDBOX_NOW === undefined ? 'run' : 'fixed');
  if (clock === 'fixed' && e.SANDBOX_CLOCK_SPEED !== undefined) {
    return {
      problems: [
        `SANDBOX_CLOCK_SPEED needs a running clock, but the sandbox clock is fixed (${e.SANDBOX_CLOCK === undefined ? 'SANDBOX_NOW alone fixes it' : 'SANDBOX_CLOCK=fixed'}): set SANDBOX_CLOCK=run to run it from SANDBOX_NOW`,
      ],
    };
  }
  return {
    settings: { now: e.SANDBOX_NOW === undefined ? undefined : new Date(e.SANDBOX_NOW), clock, clockSpeed: e.SANDBOX_CLOCK_SPEED ?? 1 },
  };
}
