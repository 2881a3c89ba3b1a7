/*
 * spandsp line echo canceller harness for bench/dsp/ec128.bench.ts.
 *
 * What it does: runs the workload of the echo kernel bench through
 * spandsp's echo_can_update (spandsp/echo.h): a batch of channels, each with
 * its own 1024-tap canceller (128 ms) with adaption, NLP and CNG on, each
 * fed one 160-sample frame per tick, sample by sample as spandsp's API
 * works. The signals come from the TS bench, which writes them to a raw
 * file (int16 little-endian: `loop` samples of Rin, then `loop` samples of
 * Sin = Rin through a hybrid echo path plus noise); channel ch starts its
 * loop 7 * ch frames in, as in the TS bench. The cancellers first run 200
 * ticks (4 s) to converge, then timing is CLOCK_MONOTONIC over a fixed
 * number of ticks, median of RUNS (7) runs; the last stdout line is
 * {"channelsPerCore": N} (one channel = 8000 samples per second).
 * Debian's spandsp 0.0.6 echo.c prints a debug line per sample on stdout,
 * so stdout is sent to /dev/null while spandsp runs and the result is
 * written to a duplicate of the original stdout.
 *
 * Usage: ec128 <workload.raw> [channels] [ticks]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <spandsp.h>
#include "median.h"

#define FRAME_SAMPLES 160
#define TAPS 1024

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static volatile int32_t sink = 0;

static void run_ticks(echo_can_state_t **ec, const int16_t *rin, const int16_t *sin, int loop_frames,
                      int channels, int first_tick, int ticks)
{
    for (int t = first_tick; t < first_tick + ticks; t++)
    {
        for (int ch = 0; ch < channels; ch++)
        {
            int at = ((t + 7 * ch) % loop_frames) * FRAME_SAMPLES;
            int32_t acc = 0;
            for (int i = 0; i < FRAME_SAMPLES; i++)
                acc += echo_can_update(ec[ch], rin[at + i], sin[at + i]);
            sink += acc;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
    {
        fprintf(stderr, "usage: ec128 <workload.raw> [channels] [ticks]\n");
        return 2;
    }
    int channels = argc > 2 ? atoi(argv[2]) : 256;
    int ticks = argc > 3 ? atoi(argv[3]) : 100;
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL)
    {
        perror(argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    int loop = (int) (bytes / 4);
    int16_t *buf = malloc((size_t) bytes);
    if (buf == NULL || fread(buf, 1, (size_t) bytes, f) != (size_t) bytes)
    {
        fprintf(stderr, "ec128: short read of %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    int loop_frames = loop / FRAME_SAMPLES;
    fflush(stdout);
    FILE *result = fdopen(dup(fileno(stdout)), "w");
    if (result == NULL || freopen("/dev/null", "w", stdout) == NULL)
    {
        perror("ec128: stdout");
        return 1;
    }
    echo_can_state_t **ec = malloc(sizeof(*ec) * channels);
    for (int ch = 0; ch < channels; ch++)
        ec[ch] = echo_can_init(TAPS, ECHO_CAN_USE_ADAPTION | ECHO_CAN_USE_NLP | ECHO_CAN_USE_CNG);
    run_ticks(ec, buf, buf + loop, loop_frames, channels, 0, 200);
    double runs[RUNS];
    int nruns = 0;
    int tick = 200;
    for (int r = 0; r < RUNS; r++)
    {
        double t0 = now_s();
        run_ticks(ec, buf, buf + loop, loop_frames, channels, tick, ticks);
        double dt = now_s() - t0;
        tick += ticks;
        runs[nruns++] = dt;
    }
    double median = median_of(runs, nruns);
    double samples_per_s = (double) ticks * channels * FRAME_SAMPLES / median;
    fprintf(stderr, "ec128 spandsp: %d channels x %d ticks, median %.4f s\n", channels, ticks, median);
    fprintf(result, "{\"channelsPerCore\": %.1f}\n", samples_per_s / 8000.0);
    fclose(result);
    for (int ch = 0; ch < channels; ch++)
        echo_can_free(ec[ch]);
    free(ec);
    free(buf);
    return 0;
}
