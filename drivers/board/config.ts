// Board configuration: the types of the `boards` section of the engine config
// and the validator that checks it.
//
// What it does: turns untrusted parsed YAML/JSON into complete, typed board
// configs (defaults filled in) or throws a ConfigError naming the file, the
// key path and what was expected, e.g.
// `config hotline.yaml: boards[0].spans[1].framing: expected "cas" or "ccs", got "css"`.
//
// How: hand-written checks per key (this folder may import only the engine's
// contracts), undeclared keys refused, then cross checks (unique ids, span
// references in `cable.peer` that exist and point back).
//
// Spec: shared/specs/sim-line.md "Messages and timing" (tick sizes, clock
// roles, pace), "Timeslot 16, CAS mode" (persistence time).
//
// Limits: a socket cable path is not checked for existence (the listener may
// start later). Span references are 1-based: "sim0/1" is spans[0] of sim0.

import { ConfigError } from '../../engine/core/contracts/index.ts';

/** Frames per tick (N); a tick lasts N / 8 ms. */
export const TICK_FRAMES = [8, 16, 40, 80, 160] as const;
export type TickFrames = (typeof TICK_FRAMES)[number];

export const BOARD_KINDS = ['sim', 'dahdi'] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];

export const PACES = ['realtime', 'freewheel'] as const;
/** `realtime`: a driver thread ticks on CLOCK_MONOTONIC; `freewheel`: `board.step(n)` drives time. */
export type Pace = (typeof PACES)[number];

export const SPAN_CONFIG_KINDS = ['e1', 'fxs', 'fxo'] as const;
export type SpanConfigKind = (typeof SPAN_CONFIG_KINDS)[number];
export const FRAMINGS = ['cas', 'ccs'] as const;
export type Framing = (typeof FRAMINGS)[number];
export const CLOCK_ROLES = ['master', 'slave'] as const;
export type ClockRole = (typeof CLOCK_ROLES)[number];
export const SOCKET_ROLES = ['listen', 'connect'] as const;
export type SocketRole = (typeof SOCKET_ROLES)[number];

/** A cable over a Unix SOCK_SEQPACKET socket. */
export interface SocketCableConfig {
  socket: string;
  role: SocketRole;
}

/** An in-process cable to another span ("boardId/spanNumber", 1-based); both ends name each other. */
export interface PeerCableConfig {
  peer: string;
}

export type CableConfig = SocketCableConfig | PeerCableConfig;

export interface SpanConfig {
  kind: SpanConfigKind;
  /** E1 only: timeslot 16 as CAS (China No.1) or CCS (SS7 HDLC). */
  framing: Framing;
  /** Absent: the span has no cable (los until one is plugged). */
  cable: CableConfig | undefined;
  clock: ClockRole;
  /** CAS receive persistence time in ms (default 20). */
  debounceMs: number;
  /** 20 ms blocks in each audio ring (default 8). */
  audioBlocks: number;
  /** DAHDI: the device this span is bound to. */
  device: string | undefined;
}

export interface BoardConfig {
  id: string;
  kind: BoardKind;
  pace: Pace;
  tickFrames: TickFrames;
  spans: SpanConfig[];
}

export const DEFAULT_DEBOUNCE_MS = 20;
export const DEFAULT_AUDIO_BLOCKS = 8;
export const MAX_SPANS_PER_BOARD = 64;

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const PEER_PATTERN = /^([A-Za-z][A-Za-z0-9_-]{0,63})\/([0-9]{1,3})$/;

/** Validation context: the file name used in messages. */
export interface ConfigContext {
  file: string;
}

/**
 * Validates the `boards` section (a list). Matches the engine's decoder
 * signature `(value, key, ctx)`; `key` is the path of the list ("boards").
 */
export function validateBoards(value: unknown, key: string, ctx: ConfigContext): BoardConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(ctx.file, key, 'a list of boards', value);
  const boards = value.map((b, i) => validateBoard(b, `${key}[${i}]`, ctx));
  const seen = new Map<string, number>();
  boards.forEach((b, i) => {
    if (seen.has(b.id)) throw new ConfigError(ctx.file, `${key}[${i}].id`, `a board id not used before (boards[${seen.get(b.id)}])`, b.id);
    seen.set(b.id, i);
  });
  checkPeers(boards, key, ctx);
  return boards;
}

/** Validates one board entry (no cross-board checks). */
export function validateBoard(value: unknown, key: string, ctx: ConfigContext): BoardConfig {
  const o = record(value, key, ctx, ['id', 'kind', 'pace', 'tickFrames', 'spans']);
  const id = o['id'];
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new ConfigError(ctx.file, `${key}.id`, 'a board id (letters, digits, - or _, starting with a letter)', id);
  }
  const kind = choice(o['kind'], `${key}.kind`, ctx, BOARD_KINDS, undefined);
  const pace = choice(o['pace'], `${key}.pace`, ctx, PACES, 'realtime');
  const tickFrames = o['tickFrames'] ?? 8;
  if (!TICK_FRAMES.includes(tickFrames as TickFrames)) {
    throw new ConfigError(ctx.file, `${key}.tickFrames`, `one of ${TICK_FRAMES.join(', ')}`, tickFrames);
  }
  const spansValue = o['spans'] ?? [];
  if (!Array.isArray(spansValue)) throw new ConfigError(ctx.file, `${key}.spans`, 'a list of spans', spansValue);
  if (spansValue.length > MAX_SPANS_PER_BOARD) {
    throw new ConfigError(ctx.file, `${key}.spans`, `at most ${MAX_SPANS_PER_BOARD} spans`, spansValue.length);
  }
  const spans = spansValue.map((s, i) => validateSpan(s, `${key}.spans[${i}]`, ctx));
  return { id, kind, pace, tickFrames: tickFrames as TickFrames, spans };
}

function validateSpan(value: unknown, key: string, ctx: ConfigContext): SpanConfig {
  const o = record(value, key, ctx, ['kind', 'framing', 'cable', 'clock', 'debounceMs', 'audioBlocks', 'device']);
  const kind = choice(o['kind'], `${key}.kind`, ctx, SPAN_CONFIG_KINDS, undefined);
  if (kind !== 'e1' && o['framing'] !== undefined) {
    throw new ConfigError(ctx.file, `${key}.framing`, 'no framing on an analog span', o['framing']);
  }
  const framing = choice(o['framing'], `${key}.framing`, ctx, FRAMINGS, kind === 'e1' ? undefined : 'cas');
  const clock = choice(o['clock'], `${key}.clock`, ctx, CLOCK_ROLES, 'master');
  const debounceMs = integer(o['debounceMs'], `${key}.debounceMs`, ctx, 0, 1000, DEFAULT_DEBOUNCE_MS);
  const audioBlocks = integer(o['audioBlocks'], `${key}.audioBlocks`, ctx, 2, 256, DEFAULT_AUDIO_BLOCKS);
  const device = o['device'];
  if (device !== undefined && typeof device !== 'string') throw new ConfigError(ctx.file, `${key}.device`, 'a device path', device);
  const cable = o['cable'] === undefined ? undefined : validateCable(o['cable'], `${key}.cable`, ctx);
  return { kind, framing, cable, clock, debounceMs, audioBlocks, device };
}

function validateCable(value: unknown, key: string, ctx: ConfigContext): CableConfig {
  const o = record(value, key, ctx, ['socket', 'role', 'peer']);
  if (o['peer'] !== undefined) {
    if (o['socket'] !== undefined || o['role'] !== undefined) {
      throw new ConfigError(ctx.file, key, 'either {socket, role} or {peer}, not both', value);
    }
    const peer = o['peer'];
    if (typeof peer !== 'string' || !PEER_PATTERN.test(peer)) {
      throw new ConfigError(ctx.file, `${key}.peer`, 'a span reference "boardId/spanNumber" (1-based)', peer);
    }
    return { peer };
  }
  const socket = o['socket'];
  if (typeof socket !== 'string' || socket.length === 0 || Buffer.byteLength(socket) > 107) {
    throw new ConfigError(ctx.file, `${key}.socket`, 'a socket path of 1 to 107 bytes', socket);
  }
  const role = choice(o['role'], `${key}.role`, ctx, SOCKET_ROLES, undefined);
  return { socket, role };
}

/** In-process cables must point at an existing span that points back, with opposite clock roles. */
function checkPeers(boards: BoardConfig[], key: string, ctx: ConfigContext): void {
  const byId = new Map(boards.map((b, i) => [b.id, { b, i }]));
  boards.forEach((b, bi) =>
    b.spans.forEach((s, si) => {
      if (!s.cable || !('peer' in s.cable)) return;
      const k = `${key}[${bi}].spans[${si}].cable.peer`;
      const ref = parsePeer(s.cable.peer);
      const target = ref && byId.get(ref.board);
      if (!ref || !target) return; // a board opened separately in the same process
      const other = target.b.spans[ref.span - 1];
      if (!other) throw new ConfigError(ctx.file, k, `a span of board ${ref.board} from 1 to ${target.b.spans.length}`, s.cable.peer);
      const back = other.cable && 'peer' in other.cable ? other.cable.peer : undefined;
      if (back !== `${b.id}/${si + 1}`) {
        throw new ConfigError(ctx.file, k, `a span whose cable.peer is "${b.id}/${si + 1}"`, s.cable.peer);
      }
      if (other.clock === s.clock) throw new ConfigError(ctx.file, `${key}[${bi}].spans[${si}].clock`, `the opposite of ${s.cable.peer}'s clock`, s.clock);
      // A cable joins like ends (e1-e1) or the two sides of an analog line (fxs-fxo).
      const mate = s.kind === 'fxs' ? 'fxo' : s.kind === 'fxo' ? 'fxs' : s.kind;
      if (other.kind !== mate) throw new ConfigError(ctx.file, k, `a span of kind ${mate}`, s.cable.peer);
    }),
  );
}

/** Splits "board/span" (1-based span number). */
export function parsePeer(ref: string): { board: string; span: number } | undefined {
  const m = PEER_PATTERN.exec(ref);
  if (!m) return undefined;
  const span = Number(m[2]);
  return span >= 1 ? { board: m[1] ?? '', span } : undefined;
}

function record(value: unknown, key: string, ctx: ConfigContext, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(ctx.file, key, 'an object', value);
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ConfigError(ctx.file, `${key}.${k}`, `one of the keys ${allowed.join(', ')}`, k);
  }
  return o;
}

function choice<T extends string>(value: unknown, key: string, ctx: ConfigContext, options: readonly T[], fallback: T | undefined): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
  const expected = options.map((o) => `"${o}"`);
  const text = expected.length === 2 ? `${expected[0]} or ${expected[1]}` : `one of ${expected.join(', ')}`;
  throw new ConfigError(ctx.file, key, text, value);
}

function integer(value: unknown, key: string, ctx: ConfigContext, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(ctx.file, key, `an integer from ${min} to ${max}`, value);
  }
  return value;
}
