/*
 * spandsp DTMF receiver harness for bench/dsp/dtmf.bench.ts.
 *
 * What it does: runs the workload of the dtmfRx kernel bench through
 * spandsp's dtmf_rx (spandsp/dtmf.h, the detector Asterisk and FreeSWITCH
 * builds use): a batch of channels, each with its own receiver in its
 * default configuration, each fed one 160-sample frame per tick. The audio
 * is read from a file the TS bench writes: PROGRAMMES programmes of
 * LOOP_FRAMES frames of 16-bit native-endian samples; channel ch plays
 * programme ch % PROGRAMMES starting at frame (ch * 7) % LOOP_FRAMES, exactly
 * as the kernel bench does. Timing is CLOCK_MONOTONIC over a fixed number of
 * ticks, median of RUNS (7) runs; the last stdout line is {"channelsPerCore": N}
 * (one channel = 8000 samples per second).
 *
 * Usage: dtmf <workload.raw> <programmes> <loop-frames> [channels] [ticks]
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

static long digits_seen = 0;

static void on_digits(void *user_data, const char *digits, int len)
{
    (void) user_data;
    (void) digits;
    digits_seen += len;
}

int main(int argc, char **argv)
{
    if (argc < 4)
    {
        fprintf(stderr, "usage: dtmf <workload.raw> <programmes> <loop-frames> [channels] [ticks]\n");
        return 2;
    }
    int programmes = atoi(argv[2]);
    int loop_frames = atoi(argv[3]);
    int channels = argc > 4 ? atoi(argv[4]) : 1024;
    int ticks = argc > 5 ? atoi(argv[5]) : 200;
    size_t samples = (size_t) programmes * loop_frames * FRAME_SAMPLES;
    int16_t *pcm = malloc(sizeof(int16_t) * samples);
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL || fread(pcm, sizeof(int16_t), samples, f) != samples)
    {
        fprintf(stderr, "dtmf: cannot read %zu samples from %s\n", samples, argv[1]);
        return 1;
    }
    fclose(f);
    dtmf_rx_state_t **rx = malloc(sizeof(*rx) * channels);
    for (int ch = 0; ch < channels; ch++)
        rx[ch] = dtmf_rx_init(NULL, on_digits, NULL);
    double runs[RUNS];
    int nruns = 0;
    for (int run = 0; run < RUNS; run++)
    {
        double t0 = now_s();
        for (int t = 0; t < ticks; t++)
        {
            for (int ch = 0; ch < channels; ch++)
            {
                int p = ch % programmes;
                int k = (t + ch * 7) % loop_frames;
                dtmf_rx(rx[ch], pcm + ((size_t) p * loop_frames + k) * FRAME_SAMPLES, FRAME_SAMPLES);
            }
        }
        double dt = now_s() - t0;
        runs[nruns++] = dt;
    }
    double median = median_of(runs, nruns);
    fprintf(stderr, "dtmf: %ld digits seen\n", digits_seen);
    printf("{\"channelsPerCore\": %.1f}\n", (double) channels * ticks * FRAME_SAMPLES / 8000.0 / median);
    for (int ch = 0; ch < channels; ch++)
        dtmf_rx_free(rx[ch]);
    free(rx);
    free(pcm);
    return 0;
}
