// The DAHDI board: real Digium-class E1 and analog cards behind the board
// model of board.h.
//
// What it does: each configured span is bound to DAHDI channels (span
// `device` "PATH#CHANNEL": the channel device, default /dev/dahdi/channel,
// and the DAHDI channel number of timeslot 1 or of the analog port; by
// default span i starts at channel 31*i+1). Start() opens and checks every
// channel (dahdi-channel.h); a realtime board then runs one driver thread
// that ticks whenever DAHDI has a block ready, and a freewheel board ticks in
// Step(n) on the caller's thread.
//
// How: the card is the clock. DAHDI's block size is set to the board's tick
// (tickFrames, but at least 16, the smallest block dahdi-base accepts), so the first bearer of the first span becomes readable once
// per tick; the thread polls it (plus an eventfd to stop), then polls every
// channel with a zero timeout for events and HDLC frames and runs each span's
// tick under the board lock. Commands from JS (SetAbcd, SendHdlc,
// SetLineState) take the same lock and act at once (ioctl) or queue (HDLC).
// A device that delivers no block for 100 ms raises los on every span.
// Jitter is the distance of each tick from the previous one plus one tick.
//
// Spec: DAHDI user ABI (<dahdi/user.h>); sim-line.md for the alarm names and
// line-time conventions shared with the simulated board.
//
// Limits: Unplug/Plug are simulated-cable test hooks and are refused here;
// all spans of a board share the first span's clock (one card or cards
// synchronised by DAHDI's timing source).

#pragma once

#include <memory>

#include "boards/board.h"
#include "boards/dahdi-sys.h"

namespace hotline {

// Factory for a DAHDI board over libc (the registry entry "dahdi" in board.h).
std::unique_ptr<Board> CreateDahdiBoard(const BoardConfig& config);

// The same over another system-call seam (native tests of the driver).
std::unique_ptr<Board> CreateDahdiBoardWithSys(const BoardConfig& config, std::shared_ptr<DahdiSys> sys);

}  // namespace hotline
