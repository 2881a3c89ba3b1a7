/*
 * spandsp tone generation harness for bench/dsp/tones-tx.bench.ts.
 *
 * What it does: runs the toneTx bench workload through spandsp's cadenced
 * tone generator (spandsp/tone_generate.h): a batch of channels, half
 * playing China dial tone (450 Hz, -10 dBm0, continuous) and half China
 * busy tone (450 Hz, -10 dBm0, 350 ms on / 350 ms off), one 160-sample
 * frame per channel per tick. Timing is CLOCK_MONOTONIC over a fixed number
 * of ticks, median of RUNS (7) runs; the last stdout line is
 * {"channelsPerCore": N} (one channel = 8000 samples per second).
 *
 * Usage: tones-tx [channels] [ticks]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <spandsp.h>
#include "median.h"

#define FRAME_SAMPLES 160

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int channels = argc > 1 ? atoi(argv[1]) : 1024;
    int ticks = argc > 2 ? atoi(argv[2]) : 200;
    /* The descriptor type is opaque in 0.0.6: let spandsp allocate it.
       A continuous tone is a 1 s burst with no pause, repeated. */
    tone_gen_descriptor_t *dial = tone_gen_descriptor_init(NULL, 450, -10, 0, 0, 1000, 0, 0, 0, 1);
    tone_gen_descriptor_t *busy = tone_gen_descriptor_init(NULL, 450, -10, 0, 0, 350, 350, 0, 0, 1);
    tone_gen_state_t **gens = malloc(sizeof(tone_gen_state_t *) * channels);
    for (int ch = 0; ch < channels; ch++)
        gens[ch] = tone_gen_init(NULL, (ch & 1) ? busy : dial);
    int16_t *out = malloc(sizeof(int16_t) * FRAME_SAMPLES * channels);
    double runs[RUNS];
    int nruns = 0;
    long sink = 0;
    for (int run = 0; run < RUNS; run++)
    {
        double t0 = now_s();
        for (int t = 0; t < ticks; t++)
        {
            for (int ch = 0; ch < channels; ch++)
                tone_gen(gens[ch], out + ch * FRAME_SAMPLES, FRAME_SAMPLES);
            sink += out[t % (FRAME_SAMPLES * channels)];
        }
        double dt = now_s() - t0;
        runs[nruns++] = dt;
    }
    double median = median_of(runs, nruns);
    fprintf(stderr, "tones-tx spandsp: %d channels x %d ticks, median %.4f s (sink %ld)\n", channels, ticks, median, sink);
    printf("{\"channelsPerCore\": %.1f}\n", (double) ticks * channels * FRAME_SAMPLES / median / 8000.0);
    return 0;
}
