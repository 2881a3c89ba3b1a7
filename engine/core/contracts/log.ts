// The log type every component receives (a pino logger satisfies it).
// Message: a short lowercase phrase; facts go in the fields object.

/** Structured logger with child loggers bound to component facts. */
export interface Log {
  error(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  debug(fields: object, msg: string): void;
  trace(fields: object, msg: string): void;
  child(bindings: Record<string, unknown>): Log;
}

/** A logger that drops everything (for tests and tools). */
export const silentLog: Log = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  child() {
    return silentLog;
  },
};
