/*
 * median.h - the timing rule every spandsp harness of ours uses.
 *
 * Each harness times the same workload RUNS times and reports the median
 * run, as the Hotline side of the comparison does (bench/support/measure.ts
 * takes the median of Benchmark.js samples), so `ratioVsSpandsp` compares
 * like with like on a noisy shared machine.
 */
#ifndef HOTLINE_BENCH_MEDIAN_H
#define HOTLINE_BENCH_MEDIAN_H

#define RUNS 7

/* Median of n run times (sorts v in place). */
static double median_of(double *v, int n)
{
    for (int i = 1; i < n; i++)
    {
        double x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x)
        {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
    return (n % 2) ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#endif
