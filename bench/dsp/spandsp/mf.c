/*
 * spandsp R2 MF receiver harness for bench/dsp/mf.bench.ts.
 *
 * What it does: runs the workload of the mfRx kernel bench through
 * spandsp's r2_mf_rx (spandsp/bell_r2_mf.h, the detector openr2 uses): a
 * batch of channels, each with its own receiver, each fed one 160-sample
 * frame per tick. Channel ch carries forward signal (ch % 15) + 1 at
 * -11.5 dBm0 per tone (peak 6074) plus uniform noise of +-200, as a
 * continuous 800-sample loop (a whole number of cycles of every R2
 * frequency), the same formula as the TS bench. Timing is CLOCK_MONOTONIC
 * over a fixed number of ticks, median of RUNS (7) runs; the last stdout line is
 * {"channelsPerCore": N} (one channel = 8000 samples per second).
 *
 * Usage: mf [channels] [ticks]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <math.h>
#include <spandsp.h>
#include "median.h"

#define FRAME_SAMPLES 160
#define LOOP_SAMPLES 800

static const double forward_hz[6] = {1380, 1500, 1620, 1740, 1860, 1980};
static const int pairs[16][2] = {
    {0, 0}, {0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}, {0, 4}, {1, 4},
    {2, 4}, {3, 4}, {0, 5}, {1, 5}, {2, 5}, {3, 5}, {4, 5}};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int reports = 0;

static void on_tone(void *user_data, int code, int level, int delay)
{
    (void) user_data;
    (void) level;
    (void) delay;
    if (code)
        reports++;
}

int main(int argc, char **argv)
{
    int channels = argc > 1 ? atoi(argv[1]) : 1024;
    int ticks = argc > 2 ? atoi(argv[2]) : 200;
    int16_t *pcm = malloc(sizeof(int16_t) * LOOP_SAMPLES * channels);
    r2_mf_rx_state_t **rx = malloc(sizeof(*rx) * channels);
    uint32_t seed = 12345;
    for (int ch = 0; ch < channels; ch++)
    {
        int s = ch % 15 + 1;
        double fa = forward_hz[pairs[s][0]];
        double fb = forward_hz[pairs[s][1]];
        for (int i = 0; i < LOOP_SAMPLES; i++)
        {
            seed = seed * 1664525u + 1013904223u;
            double noise = ((double) (seed >> 8) / 16777216.0 - 0.5) * 400.0;
            double w = 2.0 * 3.141592653589793 * i / 8000.0;
            pcm[ch * LOOP_SAMPLES + i] = (int16_t) lrint(6074.0 * (sin(w * fa) + sin(w * fb)) + noise);
        }
        rx[ch] = r2_mf_rx_init(NULL, 1, on_tone, NULL);
    }
    double runs[RUNS];
    int nruns = 0;
    for (int run = 0; run < RUNS; run++)
    {
        double t0 = now_s();
        for (int t = 0; t < ticks; t++)
        {
            int at = (t % (LOOP_SAMPLES / FRAME_SAMPLES)) * FRAME_SAMPLES;
            for (int ch = 0; ch < channels; ch++)
                r2_mf_rx(rx[ch], pcm + ch * LOOP_SAMPLES + at, FRAME_SAMPLES);
        }
        double dt = now_s() - t0;
        runs[nruns++] = dt;
    }
    double median = median_of(runs, nruns);
    double samples_per_s = (double) ticks * channels * FRAME_SAMPLES / median;
    fprintf(stderr, "mf spandsp: %d channels x %d ticks, median %.4f s, %d tone reports\n", channels, ticks, median, reports);
    printf("{\"channelsPerCore\": %.1f}\n", samples_per_s / 8000.0);
    for (int ch = 0; ch < channels; ch++)
        r2_mf_rx_free(rx[ch]);
    free(rx);
    free(pcm);
    return 0;
}
