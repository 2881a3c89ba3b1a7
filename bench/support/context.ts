// What a benchmark file receives: a place to report figures and rows.
//
// Figures are the published contract: `{suite, figure, value, unit}`, one per
// line with --json. Keep figure names stable once published.

/** One published figure. */
export interface Figure {
  suite: string;
  figure: string;
  value: number;
  unit: string;
}

/** Passed to every bench file's default export. */
export interface BenchContext {
  suite: string;
  /** True when only JSON lines may go to stdout (progress goes to stderr). */
  json: boolean;
  /** Shorter runs for smoke tests (HOTLINE_BENCH_QUICK=1). */
  quick: boolean;
  /** Publishes one figure. */
  report(figure: string, value: number, unit: string): void;
  /** Progress and notes (stderr). */
  note(message: string): void;
}

/** A benchmark file: `export default async function (ctx) {...}`. */
export type BenchFile = (ctx: BenchContext) => Promise<void> | void;
