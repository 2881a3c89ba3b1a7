/*
 * spandsp G.711 harness for bench/dsp/g711.bench.ts (and the transcoding
 * check of test/dsp/g711.test.ts).
 *
 * What it does: runs the same workload as the g711 kernel bench through
 * spandsp's inline linear_to_alaw / alaw_to_linear (spandsp/g711.h): a batch
 * of channels, each encoding one 160-sample frame and decoding one frame of
 * 160 octets per tick. One channel is 8000 encodes plus 8000 decodes per
 * second. Timing is CLOCK_MONOTONIC over a fixed number of ticks, median of
 * RUNS (7) runs; the last stdout line is {"channelsPerCore": N}.
 *
 * `g711 tables` instead prints spandsp's alaw_to_ulaw and ulaw_to_alaw
 * tables (G.711 Tables 3 and 4) as one JSON line, for the test.
 *
 * Usage: g711 [channels] [ticks] | g711 tables
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <spandsp.h>
#include "median.h"

#define FRAME_SAMPLES 160

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int print_tables(void)
{
    printf("{\"aToU\":[");
    for (int c = 0; c < 256; c++)
        printf("%s%d", c ? "," : "", alaw_to_ulaw((uint8_t) c));
    printf("],\"uToA\":[");
    for (int c = 0; c < 256; c++)
        printf("%s%d", c ? "," : "", ulaw_to_alaw((uint8_t) c));
    printf("]}\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "tables") == 0)
        return print_tables();
    int channels = argc > 1 ? atoi(argv[1]) : 1024;
    int ticks = argc > 2 ? atoi(argv[2]) : 400;
    int16_t *pcm = malloc(sizeof(int16_t) * FRAME_SAMPLES * channels);
    int16_t *back = malloc(sizeof(int16_t) * FRAME_SAMPLES * channels);
    uint8_t *oct = malloc(FRAME_SAMPLES * channels);
    /* Speech-band test signal, the same formula as the TS bench: a tone
       between 300 and 1280 Hz at peak 8000 plus uniform noise of +-1000. */
    uint32_t seed = 12345;
    for (int ch = 0; ch < channels; ch++)
    {
        double f = 300.0 + (ch % 50) * 20.0;
        for (int i = 0; i < FRAME_SAMPLES; i++)
        {
            seed = seed * 1664525u + 1013904223u;
            double noise = ((double) (seed >> 8) / 16777216.0 - 0.5) * 2000.0;
            pcm[ch * FRAME_SAMPLES + i] = (int16_t) lrint(8000.0 * sin(2.0 * 3.141592653589793 * f * i / 8000.0) + noise);
        }
    }
    double runs[RUNS];
    int nruns = 0;
    unsigned sink = 0;
    for (int run = 0; run < RUNS; run++)
    {
        double t0 = now_s();
        for (int t = 0; t < ticks; t++)
        {
            for (int ch = 0; ch < channels; ch++)
            {
                const int16_t *in = pcm + ch * FRAME_SAMPLES;
                uint8_t *o = oct + ch * FRAME_SAMPLES;
                int16_t *b = back + ch * FRAME_SAMPLES;
                for (int i = 0; i < FRAME_SAMPLES; i++)
                    o[i] = linear_to_alaw(in[i]);
                for (int i = 0; i < FRAME_SAMPLES; i++)
                    b[i] = alaw_to_linear(o[i]);
            }
            sink += (unsigned) back[t % (FRAME_SAMPLES * channels)];
        }
        double dt = now_s() - t0;
        runs[nruns++] = dt;
    }
    double median = median_of(runs, nruns);
    double samples_per_s = (double) ticks * channels * FRAME_SAMPLES / median;
    fprintf(stderr, "g711 spandsp: %d channels x %d ticks, median %.4f s (sink %u)\n", channels, ticks, median, sink);
    printf("{\"channelsPerCore\": %.1f}\n", samples_per_s / 8000.0);
    free(pcm);
    free(back);
    free(oct);
    return 0;
}
