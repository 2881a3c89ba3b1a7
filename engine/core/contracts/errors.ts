// Error classes shared by every layer (house style: a stable `code`, and
// the facts a reader needs to act). Throw only for API misuse and bugs;
// bad input from outside is a value, never an exception across the loop.

/** Stable error codes. */
export type HotlineErrorCode =
  | 'ERR_CONFIG_INVALID'
  | 'ERR_INVALID_STATE'
  | 'ERR_INVALID_ARG'
  | 'ERR_UNSUPPORTED'
  | 'ERR_PROTOCOL'
  | 'ERR_DRIVER'
  | 'ERR_STORE'
  | 'ERR_CAPACITY'
  | 'ERR_DSP';

/** Base class of every error Hotline throws on purpose. */
export class HotlineError extends Error {
  readonly code: HotlineErrorCode;
  constructor(code: HotlineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration value is wrong: names the file, the key path and what was expected. */
export class ConfigError extends HotlineError {
  readonly file: string;
  readonly key: string;
  readonly expected: string;
  readonly got: unknown;
  constructor(file: string, key: string, expected: string, got: unknown) {
    super('ERR_CONFIG_INVALID', `config ${file}: ${key}: expected ${expected}, got ${describe(got)}`);
    this.file = file;
    this.key = key;
    this.expected = expected;
    this.got = got;
  }
}

/** A protocol state machine met something its table does not allow. */
export class ProtocolError extends HotlineError {
  readonly stack_: string;
  readonly id: string;
  readonly state: string;
  readonly event: string;
  constructor(stack: string, id: string, state: string, event: string, message?: string) {
    super('ERR_PROTOCOL', message ?? `${stack} ${id}: event ${event} not allowed in state ${state}`);
    this.stack_ = stack;
    this.id = id;
    this.state = state;
    this.event = event;
  }
}

/** A board driver failed; carries the OS error where there is one. */
export class DriverError extends HotlineError {
  readonly board: string;
  readonly span: number | undefined;
  readonly errno: number | undefined;
  readonly syscall: string | undefined;
  constructor(message: string, facts: { board: string; span?: number; errno?: number; syscall?: string }) {
    super('ERR_DRIVER', message);
    this.board = facts.board;
    this.span = facts.span;
    this.errno = facts.errno;
    this.syscall = facts.syscall;
  }
}

/** Misuse: an operation in a state that does not allow it (closed object, ...). */
export class InvalidStateError extends HotlineError {
  constructor(message: string) {
    super('ERR_INVALID_STATE', message);
  }
}

/** Short, safe rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Exhaustiveness check for switches over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new HotlineError('ERR_INVALID_ARG', `unexpected ${what}: ${String(value)}`);
}
