// Measurement helpers on the `benchmark` package.
//
// `hz(fn)` runs fn repeatedly in Benchmark.js (which picks the iteration
// count and takes many samples) and returns the median rate in calls per
// second, so a noisy neighbour moves the mean more than the median.

import Benchmark from 'benchmark';

/** Median calls per second of fn, measured by Benchmark.js. */
export function hz(fn: () => void, options: { quick?: boolean; name?: string } = {}): number {
  const bench = new Benchmark(options.name ?? 'fn', fn, {
    minSamples: options.quick ? 5 : 20,
    maxTime: options.quick ? 0.3 : 2,
    initCount: 1,
  });
  bench.run({ async: false });
  const sample = [...bench.stats.sample].sort((a, b) => a - b);
  if (sample.length === 0) return bench.hz;
  const mid = sample.length >> 1;
  const median = sample.length % 2 ? sample[mid]! : (sample[mid - 1]! + sample[mid]!) / 2;
  return median > 0 ? 1 / median : bench.hz;
}

/** Samples per second of real-time audio on one channel. */
export const SAMPLES_PER_CHANNEL_SECOND = 8000;

/**
 * Channels one core runs in real time when one call of fn processes
 * `samplesPerCall` samples in total (all channels of the batch).
 */
export function channelsPerCore(callsPerSecond: number, samplesPerCall: number): number {
  return (callsPerSecond * samplesPerCall) / SAMPLES_PER_CHANNEL_SECOND;
}
