// The `analog` config section: analog drivers over boards, and simulated
// phones on station-side spans (the demo's extensions).
//
// What it does: `validateAnalog(value, key, {file})` checks the section with
// the engine's decoder signature (as `validateBoards` does for `boards`) and
// throws a ConfigError naming the file, the key path and what was expected;
// `buildAnalog(section, {boards, clock, log})` makes the drivers (one per
// entry, sharing one LineDsp) and the simulated phones, ready for the Engine.
//
//   analog:
//     drivers:
//       - name: analog            # default "analog"; devices and trunk groups name it
//         board: sim0
//         ports: [{ span: 3, number: "1001" }, { span: 4, number: "1002" }]
//         timers: { fxs: { interDigit: 4000 } }
//         answerSupervision: immediate   # or reversal (FXO)
//         tones: cn                      # cn | itu | us
//         numberLength: 4                # dial plan: this many digits complete a number (optional)
//         reverseOnAnswer: false         # FXS: polarity reversal while answered
//     phones:
//       - { board: phones, span: 1, answerAfterRings: 2, talkMs: 8000, hangUpOnDisconnect: true }
//
// Limits: span numbers are 1-based as in `boards` (`sim0/3` is span 3); the
// boards named must be in the `boards` section (checked by buildAnalog,
// since sections are validated separately). Unknown keys are errors.

import { ConfigError, type Clock, type Log } from '../../engine/core/contracts/index.ts';
import type { Board } from '../board/index.ts';
import { TONE_PLANS } from '../../dsp/index.ts';
import { AnalogDriver, type AnalogPortConfig } from './analog-driver.ts';
import { LineDsp } from './line-dsp.ts';
import { SimPhone } from './sim-phone.ts';
import { FXO_TIMERS, FXS_TIMERS, type FxoTimerName, type FxsTimerName } from './timers.ts';

/** One analog driver of the section. */
export interface AnalogDriverConfig {
  name: string;
  board: string;
  ports: AnalogPortConfig[];
  timers: { fxs: Partial<Record<FxsTimerName, number>>; fxo: Partial<Record<FxoTimerName, number>> };
  answerSupervision: 'immediate' | 'reversal';
  tones: 'cn' | 'itu' | 'us';
  numberLength: number | undefined;
  reverseOnAnswer: boolean;
}

/** One simulated phone. */
export interface SimPhoneConfig {
  board: string;
  span: number;
  answerAfterRings: number;
  talkMs: number;
  hangUpOnDisconnect: boolean;
}

/** The validated section. */
export interface AnalogSection {
  drivers: AnalogDriverConfig[];
  phones: SimPhoneConfig[];
}

/** Validation context (the file named in messages). */
export interface AnalogConfigContext {
  file: string;
}

type Obj = Record<string, unknown>;

function object(v: unknown, key: string, ctx: AnalogConfigContext, allowed: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(ctx.file, key, 'a mapping', v);
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new ConfigError(ctx.file, `${key}.${k}`, `one of ${allowed.join(', ')}`, k);
  return v as Obj;
}

function list(v: unknown, key: string, ctx: AnalogConfigContext): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(ctx.file, key, 'a list', v);
  return v;
}

function int(v: unknown, key: string, ctx: AnalogConfigContext, lo: number, hi: number, dflt?: number): number {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new ConfigError(ctx.file, key, `an integer from ${lo} to ${hi}`, v);
  return v;
}

function name(v: unknown, key: string, ctx: AnalogConfigContext, dflt?: string): string {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(v)) throw new ConfigError(ctx.file, key, 'a name (letters, digits, - or _, starting with a letter)', v);
  return v;
}

function choice<T extends string>(v: unknown, key: string, ctx: AnalogConfigContext, options: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) throw new ConfigError(ctx.file, key, options.map((o) => `"${o}"`).join(' or '), v);
  return v as T;
}

function timers<T extends string>(v: unknown, key: string, ctx: AnalogConfigContext, table: Readonly<Record<T, { minMs: number; maxMs: number }>>): Partial<Record<T, number>> {
  if (v === undefined) return {};
  const o = object(v, key, ctx, Object.keys(table));
  const out: Partial<Record<T, number>> = {};
  for (const [k, raw] of Object.entries(o)) {
    const spec = table[k as T];
    out[k as T] = int(raw, `${key}.${k}`, ctx, spec.minMs, spec.maxMs);
  }
  return out;
}

function bool(v: unknown, key: string, ctx: AnalogConfigContext): boolean {
  if (v !== undefined && typeof v !== 'boolean') throw new ConfigError(ctx.file, key, 'true or false', v);
  return v === true;
}

function driverEntry(v: unknown, key: string, ctx: AnalogConfigContext): AnalogDriverConfig {
  const o = object(v, key, ctx, ['name', 'board', 'ports', 'timers', 'answerSupervision', 'tones', 'numberLength', 'reverseOnAnswer']);
  const ports = list(o['ports'], `${key}.ports`, ctx).map((p, i) => {
    const k = `${key}.ports[${i}]`;
    const po = object(p, k, ctx, ['span', 'number']);
    const number = po['number'];
    if (number !== undefined && (typeof number !== 'string' || !/^[0-9*#]{1,32}$/.test(number))) throw new ConfigError(ctx.file, `${k}.number`, 'a number of 1 to 32 digits (quoted)', number);
    return { span: int(po['span'], `${k}.span`, ctx, 1, 64), ...(number !== undefined ? { number: number as string } : {}) };
  });
  const t = o['timers'] === undefined ? {} : object(o['timers'], `${key}.timers`, ctx, ['fxs', 'fxo']);
  return {
    name: name(o['name'], `${key}.name`, ctx, 'analog'),
    board: name(o['board'], `${key}.board`, ctx),
    ports,
    timers: { fxs: timers(t['fxs'], `${key}.timers.fxs`, ctx, FXS_TIMERS), fxo: timers(t['fxo'], `${key}.timers.fxo`, ctx, FXO_TIMERS) },
    answerSupervision: choice(o['answerSupervision'], `${key}.answerSupervision`, ctx, ['immediate', 'reversal'] as const, 'immediate'),
    tones: choice(o['tones'], `${key}.tones`, ctx, ['cn', 'itu', 'us'] as const, 'cn'),
    numberLength: o['numberLength'] === undefined ? undefined : int(o['numberLength'], `${key}.numberLength`, ctx, 1, 32),
    reverseOnAnswer: bool(o['reverseOnAnswer'], `${key}.reverseOnAnswer`, ctx),
  };
}

function phoneEntry(v: unknown, key: string, ctx: AnalogConfigContext): SimPhoneConfig {
  const o = object(v, key, ctx, ['board', 'span', 'answerAfterRings', 'talkMs', 'hangUpOnDisconnect']);
  return {
    board: name(o['board'], `${key}.board`, ctx),
    span: int(o['span'], `${key}.span`, ctx, 1, 64),
    answerAfterRings: int(o['answerAfterRings'], `${key}.answerAfterRings`, ctx, 0, 100, 0),
    talkMs: int(o['talkMs'], `${key}.talkMs`, ctx, 0, 86_400_000, 0),
    hangUpOnDisconnect: bool(o['hangUpOnDisconnect'], `${key}.hangUpOnDisconnect`, ctx),
  };
}

/** Validates the `analog` section; absent: no analog drivers or phones. */
export function validateAnalog(value: unknown, key: string, ctx: AnalogConfigContext): AnalogSection {
  if (value === undefined || value === null) return { drivers: [], phones: [] };
  const o = object(value, key, ctx, ['drivers', 'phones']);
  const drivers = list(o['drivers'], `${key}.drivers`, ctx).map((d, i) => driverEntry(d, `${key}.drivers[${i}]`, ctx));
  const seen = new Set<string>();
  drivers.forEach((d, i) => {
    if (seen.has(d.name)) throw new ConfigError(ctx.file, `${key}.drivers[${i}].name`, 'a name no other analog driver has', d.name);
    seen.add(d.name);
  });
  const phones = list(o['phones'], `${key}.phones`, ctx).map((p, i) => phoneEntry(p, `${key}.phones[${i}]`, ctx));
  return { drivers, phones };
}

/** What buildAnalog makes. */
export interface AnalogBuild {
  drivers: AnalogDriver[];
  phones: SimPhone[];
  lineDsp: LineDsp | undefined;
  /** Closes the phones (drivers stop with the engine; boards close with the runtime). */
  close(): void;
}

/**
 * Makes the section's drivers and phones over opened boards. A board or span
 * the section names but the boards do not have is a ConfigError (key
 * `analog.drivers[i].board` / `analog.phones[i].span`).
 */
export function buildAnalog(section: AnalogSection, deps: { boards: readonly Board[]; clock: Clock; log: Log; file?: string; lineDsp?: LineDsp }): AnalogBuild {
  const file = deps.file ?? 'config';
  if (section.drivers.length === 0 && section.phones.length === 0) return { drivers: [], phones: [], lineDsp: undefined, close() {} };
  const lineDsp = deps.lineDsp ?? new LineDsp();
  const boardOf = (id: string, key: string): Board => {
    const b = deps.boards.find((x) => x.id === id);
    if (!b) throw new ConfigError(file, key, `a board of the boards section (${deps.boards.map((x) => x.id).join(', ') || 'none'})`, id);
    return b;
  };
  const drivers = section.drivers.map((d, i) => {
    const board = boardOf(d.board, `analog.drivers[${i}].board`);
    d.ports.forEach((p, j) => {
      const kind = board.spans[p.span - 1]?.kind;
      if (kind !== 'fxs' && kind !== 'fxo') throw new ConfigError(file, `analog.drivers[${i}].ports[${j}].span`, `an fxs or fxo span of board ${d.board}`, p.span);
    });
    const length = d.numberLength;
    return new AnalogDriver({
      name: d.name,
      board,
      lineDsp,
      ports: d.ports,
      timers: d.timers,
      answerSupervision: d.answerSupervision,
      reverseOnAnswer: d.reverseOnAnswer,
      tones: TONE_PLANS[d.tones],
      ...(length !== undefined ? { numberComplete: (digits: string) => digits.length >= length } : {}),
    });
  });
  const phones = section.phones.map((p, i) => {
    const span = boardOf(p.board, `analog.phones[${i}].board`).spans[p.span - 1];
    if (!span || span.kind !== 'fxo') throw new ConfigError(file, `analog.phones[${i}].span`, `an fxo span of board ${p.board} (the station side)`, p.span);
    return new SimPhone({ span, lineDsp, clock: deps.clock, log: deps.log, answerAfterRings: p.answerAfterRings, talkMs: p.talkMs, hangUpOnDisconnect: p.hangUpOnDisconnect });
  });
  return {
    drivers,
    phones,
    lineDsp,
    close() {
      for (const p of phones) p.close();
    },
  };
}
