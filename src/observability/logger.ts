import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON lines (pino): `time` in ISO 8601, `level` as a word. Whatever is logged is chosen field by
 * field by the code that logs it; as a second line of defence, anything under a key that names a
 * credential is redacted.
 */
export function createLogger(level: 'silent' | 'error' | 'warn' | 'info' | 'debug', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tally' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'authorization',
          'apiKey',
          'token',
          'secret',
          'password',
          'variables',
          '*.authorization',
          '*.apiKey',
          '*.token',
          '*.secret',
          '*.password',
          '*.variables',
        ],
        censor: '[redacted]',
      },
    },
    // Synchronous writes: lines keep their order and none is lost when the process exits.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
