// AnalogDriver: the ChannelDriver (technology "analog") over a board's
// analog spans: FXS ports are extensions, FXO ports are trunks.
//
// What it does: one AnalogPort per fxs/fxo span (analog-port.ts). FXS: a
// station going off hook hears dial tone, dials by DTMF or pulses, and when
// the number is complete the driver emits `incoming` with ANI = the port's
// extension number and DNIS = the digits; `originate` on an FXS port rings
// the station (China cadence, by the board) and the ring trip answers. FXO:
// ringing from the far exchange is an incoming call, answered by going off
// hook; `originate` goes off hook and dials DTMF. The engine hunts over
// `circuits()`: (span, 0) per port, span numbered as in config (1-based).
//
// How: board `analog` events go to the ports' machines; per media tick
// `mediaIn` reads each port's newest rx block into its call's rx frame (in
// a call) or into the line DSP (dial tone, digit collection, busy tone,
// DTMF out), runs the line DSP once for all such ports, and `mediaOut`
// writes each port's tx block from the call's tx frame, the line DSP or
// silence: one bulk copy per port per tick.
//
// Specs: shared/specs/sim-line.md "Analog frame content"; docs/boards.md
// "Analog" (hook decoding windows, ring cadence); docs/engine.md "Analog
// loop start".
// Limits: one board per driver; FXS caller ID and FXO flash are not done.

import {
  Cause,
  InvalidStateError,
  TypedEmitter,
  type ChannelDriver,
  type Circuit,
  type DriverCapabilities,
  type DriverContext,
  type DriverEvents,
  type Log,
  type OriginateRequest,
  type OriginateResult,
  type SpanStatus,
} from '../../engine/core/contracts/index.ts';
import type { Board } from '../board/index.ts';
import type { TonePlan } from '../../dsp/index.ts';
import { DEFAULT_TONE_PLAN } from './analog-port.ts';
import { FxsPort } from './fxs-port.ts';
import { FxoPort } from './fxo-port.ts';
import type { AnalogChannel } from './analog-channel.ts';
import { ALAW_SILENCE, LINE_FRAME_SAMPLES, type LineDsp, type LinePort } from './line-dsp.ts';
import { FXO_TIMERS, FXS_TIMERS, resolveTimers, type FxoTimerName, type FxsTimerName } from './timers.ts';

/** One port the driver runs. */
export interface AnalogPortConfig {
  /** The board span, 1-based as config names it (`sim0/3` is span 3). */
  readonly span: number;
  /** FXS: the extension's number (ANI of its calls). FXO: the number its incoming calls are offered to (DNIS). */
  readonly number?: string;
}

/** Options of an AnalogDriver. */
export interface AnalogDriverOptions {
  /** Driver name (extension devices and trunk groups name it); default "analog". */
  name?: string;
  board: Board;
  /** Ports to run; default every fxs and fxo span of the board, without numbers. */
  ports?: readonly AnalogPortConfig[];
  /** Line-side DSP (dial tone, digit collection, busy tone, DTMF out); its own Dsp, not the engine's. */
  lineDsp: LineDsp;
  /** Dial plan: true when the digits are a whole number (offered at once); default: wait for # or interDigit. */
  numberComplete?: (digits: string) => boolean;
  timers?: { fxs?: Partial<Record<FxsTimerName, number>>; fxo?: Partial<Record<FxoTimerName, number>> };
  /** FXO answer supervision; default "immediate" (answered when dialling ends). */
  answerSupervision?: 'immediate' | 'reversal';
  /** Tone plan of dial, busy, congestion tones; default China (`cn`). */
  tones?: TonePlan;
  /** FXS: reverse battery polarity while a station's outgoing call is answered; default false. */
  reverseOnAnswer?: boolean;
  /** Cancel the hybrid's echo on analog legs; default true. */
  echoCancel?: boolean;
}

type Port = FxsPort | FxoPort;

/** The analog loop-start driver. */
export class AnalogDriver implements ChannelDriver {
  readonly name: string;
  readonly technology = 'analog' as const;
  readonly capabilities: DriverCapabilities = { originate: true, earlyMedia: false, flash: false, codecs: ['alaw'] };
  readonly events = new TypedEmitter<DriverEvents>();
  private readonly options: AnalogDriverOptions;
  private readonly portList: Port[] = [];
  private readonly silence = new Uint8Array(LINE_FRAME_SAMPLES).fill(ALAW_SILENCE);
  private readonly lineBatch: LinePort[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private started = false;
  private log: Log | undefined;

  constructor(options: AnalogDriverOptions) {
    this.name = options.name ?? 'analog';
    this.options = options;
  }

  start(ctx: DriverContext): void {
    if (this.started) throw new InvalidStateError(`analog ${this.name}: already started`);
    this.started = true;
    const o = this.options;
    const log = ctx.log.child({ mod: 'analog', board: o.board.id });
    this.events.setLog(log);
    this.log = log;
    const deps = {
      driver: this.name,
      engineId: ctx.engineId,
      clock: ctx.clock,
      log,
      lineDsp: o.lineDsp,
      echoCancel: o.echoCancel ?? true,
      tones: o.tones ?? DEFAULT_TONE_PLAN,
      incoming: (ch: AnalogChannel) => this.events.safeEmit('incoming', ch),
    };
    const fxsTimers = resolveTimers(FXS_TIMERS, o.timers?.fxs, 'analog.timers.fxs');
    const fxoTimers = resolveTimers(FXO_TIMERS, o.timers?.fxo, 'analog.timers.fxo');
    const configs: readonly AnalogPortConfig[] = o.ports ?? o.board.spans.filter((s) => s.kind === 'fxs' || s.kind === 'fxo').map((s) => ({ span: s.index + 1 }));
    for (const pc of configs) {
      const span = o.board.spans[pc.span - 1];
      if (!span || (span.kind !== 'fxs' && span.kind !== 'fxo')) {
        throw new InvalidStateError(`analog ${this.name}: board ${o.board.id} span ${pc.span} is not an fxs or fxo span`);
      }
      const port =
        span.kind === 'fxs'
          ? new FxsPort(span, pc.number, deps, { timers: fxsTimers, reverseOnAnswer: o.reverseOnAnswer ?? false, ...(o.numberComplete ? { numberComplete: o.numberComplete } : {}) })
          : new FxoPort(span, pc.number, deps, { timers: fxoTimers, answerSupervision: o.answerSupervision ?? 'immediate' });
      port.start();
      this.portList.push(port);
      this.unsubscribe.push(span.on('analog', (e) => port.onAnalog(e)));
      this.unsubscribe.push(
        span.on('alarm', (e) => {
          if (e.raised.length > 0 && e.alarms.length === e.raised.length) port.lineDown();
          this.events.safeEmit('span', this.statusOf(port));
        }),
      );
    }
    log.info({ ports: this.portList.map((p) => `${p.role}/${p.spanNumber}`) }, 'analog driver started');
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    for (const p of this.portList.splice(0)) p.close();
  }

  /** The ports (tests and tools read their state and trace). */
  ports(): readonly (FxsPort | FxoPort)[] {
    return this.portList;
  }

  /** The port on a span (1-based). */
  port(span: number): FxsPort | FxoPort | undefined {
    return this.portList.find((p) => p.spanNumber === span);
  }

  spans(): readonly SpanStatus[] {
    return this.portList.map((p) => this.statusOf(p));
  }

  circuits(): readonly Circuit[] {
    return this.portList.map((p) => ({ span: p.spanNumber, channel: 0, available: p.available }));
  }

  originate(request: OriginateRequest): OriginateResult {
    const port = request.circuit ? this.port(request.circuit.span) : this.portList.find((p) => p.role === 'fxo' && p.available);
    if (!port) return { ok: false, cause: request.circuit ? Cause.noRouteToDestination : Cause.noCircuitAvailable, reason: request.circuit ? `no analog port on span ${request.circuit.span}` : 'no free fxo port' };
    const r = port.seize();
    if ('cause' in r) return { ok: false, cause: r.cause, reason: r.reason };
    return { ok: true, channel: r };
  }

  mediaIn(): void {
    const batch = this.lineBatch;
    batch.length = 0;
    for (const p of this.portList) {
      this.guard(p, 'mediaIn', () => {
        const lp = p.mediaIn();
        if (lp) batch.push(lp);
      });
    }
    if (batch.length === 0) return;
    this.options.lineDsp.process(batch);
    for (const p of this.portList) this.guard(p, 'lineDsp', () => p.afterLineDsp());
  }

  mediaOut(): void {
    for (const p of this.portList) this.guard(p, 'mediaOut', () => p.mediaOut(this.silence));
  }

  /** One port's failure stays in that port: its call is released with 41, the others go on. */
  private guard(p: Port, stage: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log?.error({ span: p.spanNumber, stage, err }, 'analog port failed, releasing its call');
      p.currentChannel?.hangup(Cause.temporaryFailure, `analog ${stage}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private statusOf(p: Port): SpanStatus {
    return {
      driver: this.name,
      span: p.spanNumber,
      name: `${this.options.board.id}/${p.spanNumber}`,
      alarm: p.inService ? 'none' : 'down',
      channels: 1,
      busy: p.available || !p.inService ? 0 : 1,
    };
  }
}
