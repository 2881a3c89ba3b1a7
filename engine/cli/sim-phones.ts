// Simulated far-end phones for the loopback circuits: each phone the engine
// rings answers after `answerAfterMs` and, when `talkMs` is set, hangs up
// after that much talk. Timers run on the engine clock.
//
// This is what makes `hotline originate 1001 1002` a complete call in the
// demo (both extensions answer, talk, one hangs up, the CDR is written)
// until the analog driver's simulated ports replace the loopback circuits.

import { Cause, type Clock, type Log } from '../core/index.ts';
import type { LoopbackPhone } from '../../drivers/loopback/index.ts';
import type { LoopbackSection } from '../core/config/index.ts';

/** The onFarCall handler of a LoopbackDriver that plays simulated phones. */
export function simulatedPhones(section: LoopbackSection, clock: Clock, log: Log): (phone: LoopbackPhone) => void {
  return (phone) => {
    const ch = phone.channel;
    ch.progress({ ringing: true, earlyMedia: false });
    clock.setTimer(section.answerAfterMs, () => {
      if (ch.state === 'released') return;
      ch.answer();
      log.debug({ ch: ch.id }, 'simulated phone answered');
      if (section.talkMs > 0) {
        clock.setTimer(section.talkMs, () => {
          if (ch.state !== 'released') ch.hangup(Cause.normalClearing, 'simulated phone hung up');
        });
      }
    });
  };
}
