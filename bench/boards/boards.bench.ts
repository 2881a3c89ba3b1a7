// Board benchmarks: the cost of one tick per E1 span (freewheel, in-process
// cable, so the figure is the driver's own work: framing, TS16, audio ring,
// the socket pair) and the tick jitter of the realtime thread with 1, 8 and
// 16 spans.
//
// Figures: `e1.tickCostUs` (CAS, per span per 1 ms tick, tx + rx),
// `e1.tickCostCcsUs` (CCS with HDLC idle flags), `e1.spansPerCore`
// (1000 / e1.tickCostUs), `realtime.jitterP50Us`, `realtime.jitterP99Us`,
// `realtime.jitterMaxUs` (16 cables), `realtime.spans<K>.jitterP99Us`, and
// `realtime.cpuPercent` (process CPU, driver thread and JS deliveries, while
// 16 E1 spans tick in realtime). The realtime runs put each span's far end
// on the same board (one thread runs both ends), so K cables are 2K span
// ticks per ms: the jitter figures (K = 16, 32 spans) are conservative, and
// the CPU figure is taken from the K = 8 run, 16 spans in all.
// Target (issue 3): 16 E1 spans under 10% of one core, p99 jitter < 1 ms.

import { openBoard, validateBoards, type Board } from '../../drivers/board/index.ts';
import { silentLog } from '../../engine/core/contracts/index.ts';
import { hz } from '../support/measure.ts';
import type { BenchContext } from '../support/context.ts';

function board(config: unknown): Board {
  const [c] = validateBoards([config], 'boards', { file: 'bench' });
  return openBoard(c!, { log: silentLog });
}

/**
 * One board with `pairs` in-process E1 cables between its own spans: spans
 * 1..pairs are masters, pairs+1..2*pairs their slaves. One board tick runs
 * both ends of every cable (2 * pairs span ticks).
 */
function loopBoard(id: string, framing: 'cas' | 'ccs', pace: 'freewheel' | 'realtime', pairs: number): Board {
  const spans = [];
  for (let i = 0; i < pairs; i++) spans.push({ kind: 'e1', framing, clock: 'master', cable: { peer: `${id}/${pairs + i + 1}` } });
  for (let i = 0; i < pairs; i++) spans.push({ kind: 'e1', framing, clock: 'slave', cable: { peer: `${id}/${i + 1}` } });
  return board({ id, kind: 'sim', pace, spans });
}

function tickCostUs(framing: 'cas' | 'ccs', quick: boolean): number {
  const b = loopBoard(`bench${framing}`, framing, 'freewheel', 1);
  b.start();
  const TICKS = 1000;
  try {
    b.step(100);
    const rate = hz(() => b.step(TICKS), { quick, name: `e1 ${framing}` });
    // Each board tick: both spans send one tick and receive one tick.
    return 1e6 / rate / TICKS / 2;
  } finally {
    b.close();
  }
}

async function jitter(spans: number, seconds: number): Promise<{ p50: number; p99: number; max: number; cpuPercent: number }> {
  const m = loopBoard(`rt${spans}`, 'cas', 'realtime', spans);
  m.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallUs = (performance.now() - t0) * 1000;
  const j = m.jitter();
  m.close();
  return { p50: j.p50Us, p99: j.p99Us, max: j.maxUs, cpuPercent: (100 * (cpu.user + cpu.system)) / wallUs };
}

export default async function (ctx: BenchContext): Promise<void> {
  const cas = tickCostUs('cas', ctx.quick);
  ctx.report('e1.tickCostUs', cas, 'us');
  ctx.report('e1.tickCostCcsUs', tickCostUs('ccs', ctx.quick), 'us');
  ctx.report('e1.spansPerCore', 1000 / cas, 'spans');
  const seconds = ctx.quick ? 1 : 4;
  for (const k of [1, 8, 16]) {
    ctx.note(`realtime jitter with ${k} span pairs for ${seconds} s`);
    const j = await jitter(k, seconds);
    ctx.report(`realtime.spans${k}.jitterP50Us`, j.p50, 'us');
    ctx.report(`realtime.spans${k}.jitterP99Us`, j.p99, 'us');
    ctx.report(`realtime.spans${k}.jitterMaxUs`, j.max, 'us');
    ctx.report(`realtime.spans${k}.cpuPercent`, j.cpuPercent, '%');
    if (k === 8) ctx.report('realtime.cpuPercent', j.cpuPercent, '%');
    if (k === 16) {
      ctx.report('realtime.jitterP50Us', j.p50, 'us');
      ctx.report('realtime.jitterP99Us', j.p99, 'us');
      ctx.report('realtime.jitterMaxUs', j.max, 'us');
    }
  }
}
