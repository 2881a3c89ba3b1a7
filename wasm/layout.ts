// Hotline DSP memory map: the one source of every address the kernels and
// the TypeScript side share.
//
// What it does: carves the fixed WASM linear memory into regions at build
// time. Nothing is allocated after instantiation; `dspInit` checks that the
// static data of the module ends below LAYOUT_BASE and that the whole map
// fits in MEMORY_PAGES.
//
// How: every region is an absolute byte offset computed from the previous
// one. Each kernel owns a block of five regions:
//   STATE  MAX_SLOTS * STATE_BYTES   per-slot state, laid out as the kernel
//                                     likes (arrays over slots for SIMD)
//   PARAM  MAX_SLOTS * PARAM_BYTES   per-slot configuration written by TS
//                                     before `<kernel>Configure(slot)`
//   RESULT MAX_SLOTS * RESULT_BYTES  per-slot outputs read by TS after a tick
//   WORK   WORK_RECORDS * 16         the tick's work list: records of four
//                                     i32 (meaning per kernel, usually
//                                     slot, inPtr, outPtr, aux)
// `dsp/layout.generated.ts` is generated from the compiled module's exports
// (wasm/build.mjs) so TS never restates a number.
//
// All sizes are multiples of 16, so every region is 16-byte aligned.
// Limits: channel counts are the MAX_SLOTS below; raise them here (and
// MEMORY_PAGES) if a deployment needs more.

export const MEMORY_PAGES: i32 = 2048; // 128 MiB, fixed (initial == maximum)
export const LAYOUT_BASE: i32 = 1 << 20; // static data must end below 1 MiB

export const FRAME_SAMPLES: i32 = 160; // 20 ms at 8 kHz
export const FRAME_BYTES: i32 = 320; // one frame of i16 (or 160 octets, padded)
export const WORK_RECORD_BYTES: i32 = 16;

// ---- event ring -----------------------------------------------------------
// Header: [write u32, read u32, overflow u32, pad]. Records: [slot, kind,
// value, offsetSamples] as i32. Kernels write at `write`, TS reads from
// `read`; when full the kernel drops the event and counts `overflow`.
export const EVENT_RECORD_BYTES: i32 = 16;
export const EVENT_RING_RECORDS: i32 = 16384; // power of two
export const EVENT_RING_HEADER: i32 = LAYOUT_BASE;
export const EVENT_RING_BASE: i32 = EVENT_RING_HEADER + 16;
export const EVENT_RING_END: i32 = EVENT_RING_BASE + EVENT_RING_RECORDS * EVENT_RECORD_BYTES;

// ---- frame pool -----------------------------------------------------------
// Frames of 160 i16 samples (or 160 octets of G.711) that the TS side hands
// out to legs. Work records point into it by byte address.
export const FRAME_POOL_FRAMES: i32 = 16384;
export const FRAME_POOL_BASE: i32 = EVENT_RING_END;
export const FRAME_POOL_END: i32 = FRAME_POOL_BASE + FRAME_POOL_FRAMES * FRAME_BYTES;

// ---- g711: codec and transcoding (work list only) -------------------------
export const G711_MAX_SLOTS: i32 = 1;
export const G711_STATE_BYTES: i32 = 8192; // scratch of g711Convert for synchronous TS use
export const G711_PARAM_BYTES: i32 = 16;
export const G711_RESULT_BYTES: i32 = 16;
export const G711_WORK_RECORDS: i32 = 16384;
export const G711_STATE_BASE: i32 = FRAME_POOL_END;
export const G711_PARAM_BASE: i32 = G711_STATE_BASE + G711_MAX_SLOTS * G711_STATE_BYTES;
export const G711_RESULT_BASE: i32 = G711_PARAM_BASE + G711_MAX_SLOTS * G711_PARAM_BYTES;
export const G711_WORK_BASE: i32 = G711_RESULT_BASE + G711_MAX_SLOTS * G711_RESULT_BYTES;
export const G711_END: i32 = G711_WORK_BASE + G711_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- dtmfRx: DTMF detector ------------------------------------------------
export const DTMF_RX_MAX_SLOTS: i32 = 4096;
export const DTMF_RX_STATE_BYTES: i32 = 64;
export const DTMF_RX_PARAM_BYTES: i32 = 64;
export const DTMF_RX_RESULT_BYTES: i32 = 16;
export const DTMF_RX_WORK_RECORDS: i32 = 4096;
export const DTMF_RX_STATE_BASE: i32 = G711_END;
export const DTMF_RX_PARAM_BASE: i32 = DTMF_RX_STATE_BASE + DTMF_RX_MAX_SLOTS * DTMF_RX_STATE_BYTES;
export const DTMF_RX_RESULT_BASE: i32 = DTMF_RX_PARAM_BASE + DTMF_RX_MAX_SLOTS * DTMF_RX_PARAM_BYTES;
export const DTMF_RX_WORK_BASE: i32 = DTMF_RX_RESULT_BASE + DTMF_RX_MAX_SLOTS * DTMF_RX_RESULT_BYTES;
export const DTMF_RX_END: i32 = DTMF_RX_WORK_BASE + DTMF_RX_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- dtmfTx: DTMF generator -----------------------------------------------
export const DTMF_TX_MAX_SLOTS: i32 = 4096;
export const DTMF_TX_STATE_BYTES: i32 = 128;
export const DTMF_TX_PARAM_BYTES: i32 = 128;
export const DTMF_TX_RESULT_BYTES: i32 = 16;
export const DTMF_TX_WORK_RECORDS: i32 = 4096;
export const DTMF_TX_STATE_BASE: i32 = DTMF_RX_END;
export const DTMF_TX_PARAM_BASE: i32 = DTMF_TX_STATE_BASE + DTMF_TX_MAX_SLOTS * DTMF_TX_STATE_BYTES;
export const DTMF_TX_RESULT_BASE: i32 = DTMF_TX_PARAM_BASE + DTMF_TX_MAX_SLOTS * DTMF_TX_PARAM_BYTES;
export const DTMF_TX_WORK_BASE: i32 = DTMF_TX_RESULT_BASE + DTMF_TX_MAX_SLOTS * DTMF_TX_RESULT_BYTES;
export const DTMF_TX_END: i32 = DTMF_TX_WORK_BASE + DTMF_TX_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- mfRx: MFC/R2 forward and backward detector ---------------------------
export const MF_RX_MAX_SLOTS: i32 = 2048;
export const MF_RX_STATE_BYTES: i32 = 256;
export const MF_RX_PARAM_BYTES: i32 = 64;
export const MF_RX_RESULT_BYTES: i32 = 16;
export const MF_RX_WORK_RECORDS: i32 = 2048;
export const MF_RX_STATE_BASE: i32 = DTMF_TX_END;
export const MF_RX_PARAM_BASE: i32 = MF_RX_STATE_BASE + MF_RX_MAX_SLOTS * MF_RX_STATE_BYTES;
export const MF_RX_RESULT_BASE: i32 = MF_RX_PARAM_BASE + MF_RX_MAX_SLOTS * MF_RX_PARAM_BYTES;
export const MF_RX_WORK_BASE: i32 = MF_RX_RESULT_BASE + MF_RX_MAX_SLOTS * MF_RX_RESULT_BYTES;
export const MF_RX_END: i32 = MF_RX_WORK_BASE + MF_RX_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- mfTx: MFC/R2 generator -----------------------------------------------
export const MF_TX_MAX_SLOTS: i32 = 2048;
export const MF_TX_STATE_BYTES: i32 = 64;
export const MF_TX_PARAM_BYTES: i32 = 64;
export const MF_TX_RESULT_BYTES: i32 = 16;
export const MF_TX_WORK_RECORDS: i32 = 2048;
export const MF_TX_STATE_BASE: i32 = MF_RX_END;
export const MF_TX_PARAM_BASE: i32 = MF_TX_STATE_BASE + MF_TX_MAX_SLOTS * MF_TX_STATE_BYTES;
export const MF_TX_RESULT_BASE: i32 = MF_TX_PARAM_BASE + MF_TX_MAX_SLOTS * MF_TX_PARAM_BYTES;
export const MF_TX_WORK_BASE: i32 = MF_TX_RESULT_BASE + MF_TX_MAX_SLOTS * MF_TX_RESULT_BYTES;
export const MF_TX_END: i32 = MF_TX_WORK_BASE + MF_TX_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- toneTx: tone plans and cadence playback ------------------------------
export const TONE_TX_MAX_SLOTS: i32 = 4096;
export const TONE_TX_STATE_BYTES: i32 = 64;
export const TONE_TX_PARAM_BYTES: i32 = 2048; // header + 31 segments of 64 bytes
export const TONE_TX_RESULT_BYTES: i32 = 16;
export const TONE_TX_WORK_RECORDS: i32 = 4096;
export const TONE_TX_STATE_BASE: i32 = MF_TX_END;
export const TONE_TX_PARAM_BASE: i32 = TONE_TX_STATE_BASE + TONE_TX_MAX_SLOTS * TONE_TX_STATE_BYTES;
export const TONE_TX_RESULT_BASE: i32 = TONE_TX_PARAM_BASE + TONE_TX_MAX_SLOTS * TONE_TX_PARAM_BYTES;
export const TONE_TX_WORK_BASE: i32 = TONE_TX_RESULT_BASE + TONE_TX_MAX_SLOTS * TONE_TX_RESULT_BYTES;
export const TONE_TX_END: i32 = TONE_TX_WORK_BASE + TONE_TX_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- toneRx: call-progress detector ---------------------------------------
export const TONE_RX_MAX_SLOTS: i32 = 2048;
export const TONE_RX_STATE_BYTES: i32 = 1024;
export const TONE_RX_PARAM_BYTES: i32 = 128;
export const TONE_RX_RESULT_BYTES: i32 = 16;
export const TONE_RX_WORK_RECORDS: i32 = 2048;
export const TONE_RX_STATE_BASE: i32 = TONE_TX_END;
export const TONE_RX_PARAM_BASE: i32 = TONE_RX_STATE_BASE + TONE_RX_MAX_SLOTS * TONE_RX_STATE_BYTES;
export const TONE_RX_RESULT_BASE: i32 = TONE_RX_PARAM_BASE + TONE_RX_MAX_SLOTS * TONE_RX_PARAM_BYTES;
export const TONE_RX_WORK_BASE: i32 = TONE_RX_RESULT_BASE + TONE_RX_MAX_SLOTS * TONE_RX_RESULT_BYTES;
export const TONE_RX_END: i32 = TONE_RX_WORK_BASE + TONE_RX_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- echo: line echo canceller (128 ms tail) ------------------------------
export const ECHO_MAX_SLOTS: i32 = 1024;
export const ECHO_STATE_BYTES: i32 = 32768; // 32 KiB: spectra ring, two filters, partition taps (wasm/lib/echo-state.ts)
export const ECHO_PARAM_BYTES: i32 = 64;
export const ECHO_RESULT_BYTES: i32 = 32;
export const ECHO_WORK_RECORDS: i32 = 1024;
export const ECHO_STATE_BASE: i32 = TONE_RX_END;
export const ECHO_PARAM_BASE: i32 = ECHO_STATE_BASE + ECHO_MAX_SLOTS * ECHO_STATE_BYTES;
export const ECHO_RESULT_BASE: i32 = ECHO_PARAM_BASE + ECHO_MAX_SLOTS * ECHO_PARAM_BYTES;
export const ECHO_WORK_BASE: i32 = ECHO_RESULT_BASE + ECHO_MAX_SLOTS * ECHO_RESULT_BYTES;
export const ECHO_END: i32 = ECHO_WORK_BASE + ECHO_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- mixer: conference rooms ----------------------------------------------
// A slot is a room. Its PARAM block lists participants (see the kernel).
export const MIXER_MAX_SLOTS: i32 = 1024;
export const MIXER_STATE_BYTES: i32 = 1024;
export const MIXER_PARAM_BYTES: i32 = 1024;
export const MIXER_RESULT_BYTES: i32 = 16;
export const MIXER_WORK_RECORDS: i32 = 1024;
export const MIXER_STATE_BASE: i32 = ECHO_END;
export const MIXER_PARAM_BASE: i32 = MIXER_STATE_BASE + MIXER_MAX_SLOTS * MIXER_STATE_BYTES;
export const MIXER_RESULT_BASE: i32 = MIXER_PARAM_BASE + MIXER_MAX_SLOTS * MIXER_PARAM_BYTES;
export const MIXER_WORK_BASE: i32 = MIXER_RESULT_BASE + MIXER_MAX_SLOTS * MIXER_RESULT_BYTES;
export const MIXER_END: i32 = MIXER_WORK_BASE + MIXER_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- level: energy in dBm0 and voice activity -----------------------------
export const LEVEL_MAX_SLOTS: i32 = 4096;
export const LEVEL_STATE_BYTES: i32 = 32;
export const LEVEL_PARAM_BYTES: i32 = 32;
export const LEVEL_RESULT_BYTES: i32 = 16;
export const LEVEL_WORK_RECORDS: i32 = 4096;
export const LEVEL_STATE_BASE: i32 = MIXER_END;
export const LEVEL_PARAM_BASE: i32 = LEVEL_STATE_BASE + LEVEL_MAX_SLOTS * LEVEL_STATE_BYTES;
export const LEVEL_RESULT_BASE: i32 = LEVEL_PARAM_BASE + LEVEL_MAX_SLOTS * LEVEL_PARAM_BYTES;
export const LEVEL_WORK_BASE: i32 = LEVEL_RESULT_BASE + LEVEL_MAX_SLOTS * LEVEL_RESULT_BYTES;
export const LEVEL_END: i32 = LEVEL_WORK_BASE + LEVEL_WORK_RECORDS * WORK_RECORD_BYTES;

// ---- shared tables (filled once by dspInit) -------------------------------
// G.711 tables (owned by kernels/g711.ts), a sine table (lib/sine.ts) and
// FFT twiddles (lib/fft.ts); each owner documents its sub-layout.
export const G711_TABLES_BYTES: i32 = 1 << 19;
export const G711_TABLES_BASE: i32 = LEVEL_END;
export const SINE_TABLE_BYTES: i32 = 1 << 18;
export const SINE_TABLE_BASE: i32 = G711_TABLES_BASE + G711_TABLES_BYTES;
export const FFT_TABLES_BYTES: i32 = 1 << 18;
export const FFT_TABLES_BASE: i32 = SINE_TABLE_BASE + SINE_TABLE_BYTES;
export const MISC_TABLES_BYTES: i32 = 1 << 19;
export const MISC_TABLES_BASE: i32 = FFT_TABLES_BASE + FFT_TABLES_BYTES;
export const LAYOUT_END: i32 = MISC_TABLES_BASE + MISC_TABLES_BYTES;
