// Event kinds written to the event ring, one range of 0x100 per kernel.
// dsp/events.ts holds the same numbers (generated into
// dsp/layout.generated.ts, because they are exported from wasm/index.ts).

export const EV_DTMF_BASE: i32 = 0x100; // value = digit index (0..15, "123A456B789C*0#D")
export const EV_DTMF_START: i32 = 0x101;
export const EV_DTMF_END: i32 = 0x102;
export const EV_DTMF_TX_DONE: i32 = 0x110; // generator finished its string

export const EV_MF_BASE: i32 = 0x200; // value = MF signal 1..15
export const EV_MF_START: i32 = 0x201;
export const EV_MF_END: i32 = 0x202;

export const EV_TONE_BASE: i32 = 0x300;
export const EV_TONE_TX_DONE: i32 = 0x310; // cadence finished (non-repeating plan)
export const EV_TONE_RX_START: i32 = 0x301; // value = call-progress class
export const EV_TONE_RX_END: i32 = 0x302;
export const EV_TONE_RX_PHASE_REVERSAL: i32 = 0x303; // 180° reversal on the slot's reversal bin (2100 Hz ANS/)

export const EV_LEVEL_BASE: i32 = 0x400;
export const EV_LEVEL_VOICE_START: i32 = 0x401;
export const EV_LEVEL_VOICE_END: i32 = 0x402;

export const EV_ECHO_BASE: i32 = 0x500;
export const EV_ECHO_DISABLER_ON: i32 = 0x501; // 2100 Hz answer tone seen: bypassed
export const EV_ECHO_DISABLER_OFF: i32 = 0x502;
export const EV_ECHO_PATH_CHANGE: i32 = 0x503;
