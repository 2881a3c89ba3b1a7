/*
 * spandsp call-progress harness for bench/dsp/tones.bench.ts.
 *
 * What it does: runs the workload of the toneRx + CallProgress bench
 * through spandsp's supervisory tone detector (spandsp/super_tone_rx.h),
 * with a descriptor of the China plan as our detector listens for it:
 * dial (450 Hz continuous), ringback (450 Hz 1 s / 4 s), busy
 * (350 / 350 ms), congestion (700 / 700 ms), special information
 * ((100 / 100) x 3, 400 / 400), fax CNG (1100 Hz 0.5 s / 3 s) and CED
 * (2100 Hz continuous); each element accepts +-15 % + 12 ms as ours does.
 * A batch of channels, each with its own detector, each fed one 160-sample
 * frame per tick. Channel ch carries 450 Hz at -10 dBm0 (peak 7218) plus
 * uniform noise of +-200 in a 100 ms loop whose last 40 ms are silent on
 * odd channels (the same formula as the TS bench). Timing is
 * CLOCK_MONOTONIC over a fixed number of ticks, median of RUNS (7) runs; the last
 * stdout line is {"channelsPerCore": N} (one channel = 8000 samples/s).
 *
 * Usage: tones [channels] [ticks]
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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int reports = 0;

/* Elements: (f1, f2) with f2 = 0 for one frequency, (0, 0) for silence;
   max 0 = no upper limit (spandsp's convention). */
static void on_tone(void *user_data, int code, int level, int delay)
{
    (void) user_data;
    (void) level;
    (void) delay;
    if (code >= 0)
        reports++;
}

static void element(super_tone_rx_descriptor_t *d, int tone, int f, int ms)
{
    int tol = ms * 15 / 100 + 12;
    super_tone_rx_add_element(d, tone, f, 0, ms - tol, ms + tol);
}

static super_tone_rx_descriptor_t *china_plan(void)
{
    super_tone_rx_descriptor_t *d = super_tone_rx_make_descriptor(NULL);
    int t = super_tone_rx_add_tone(d); /* dial */
    super_tone_rx_add_element(d, t, 450, 0, 1360, 0);
    t = super_tone_rx_add_tone(d); /* ringback */
    element(d, t, 450, 1000);
    element(d, t, 0, 4000);
    t = super_tone_rx_add_tone(d); /* busy */
    element(d, t, 450, 350);
    element(d, t, 0, 350);
    t = super_tone_rx_add_tone(d); /* congestion */
    element(d, t, 450, 700);
    element(d, t, 0, 700);
    t = super_tone_rx_add_tone(d); /* special information */
    for (int i = 0; i < 3; i++)
    {
        element(d, t, 450, 100);
        element(d, t, 0, 100);
    }
    element(d, t, 450, 400);
    element(d, t, 0, 400);
    t = super_tone_rx_add_tone(d); /* fax CNG */
    element(d, t, 1100, 500);
    element(d, t, 0, 3000);
    t = super_tone_rx_add_tone(d); /* CED / ANS */
    super_tone_rx_add_element(d, t, 2100, 0, 1000, 0);
    return d;
}

int main(int argc, char **argv)
{
    int channels = argc > 1 ? atoi(argv[1]) : 1024;
    int ticks = argc > 2 ? atoi(argv[2]) : 200;
    int16_t *pcm = malloc(sizeof(int16_t) * LOOP_SAMPLES * channels);
    super_tone_rx_state_t **rx = malloc(sizeof(*rx) * channels);
    super_tone_rx_descriptor_t *desc = china_plan();
    uint32_t seed = 4242;
    for (int ch = 0; ch < channels; ch++)
    {
        for (int i = 0; i < LOOP_SAMPLES; i++)
        {
            seed = seed * 1664525u + 1013904223u;
            double noise = ((double) (seed >> 8) / 16777216.0 - 0.5) * 400.0;
            int on = (ch % 2 == 0) || i < LOOP_SAMPLES - 320;
            double tone = on ? 7218.0 * sin(2.0 * 3.141592653589793 * 450.0 * i / 8000.0) : 0.0;
            pcm[ch * LOOP_SAMPLES + i] = (int16_t) lrint(tone + noise);
        }
        rx[ch] = super_tone_rx_init(NULL, desc, on_tone, NULL);
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
            {
                /* super_tone_rx may take fewer samples than offered. */
                const int16_t *in = pcm + ch * LOOP_SAMPLES + at;
                for (int done = 0; done < FRAME_SAMPLES; )
                    done += super_tone_rx(rx[ch], in + done, FRAME_SAMPLES - done);
            }
        }
        double dt = now_s() - t0;
        runs[nruns++] = dt;
    }
    double median = median_of(runs, nruns);
    double samples_per_s = (double) ticks * channels * FRAME_SAMPLES / median;
    fprintf(stderr, "tones spandsp: %d channels x %d ticks, median %.4f s, %d tone reports\n", channels, ticks, median, reports);
    printf("{\"channelsPerCore\": %.1f}\n", samples_per_s / 8000.0);
    for (int ch = 0; ch < channels; ch++)
        super_tone_rx_free(rx[ch]);
    super_tone_rx_free_descriptor(desc);
    free(rx);
    free(pcm);
    return 0;
}
