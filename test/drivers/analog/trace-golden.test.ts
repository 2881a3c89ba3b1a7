// Golden signalling traces of the analog ports: a whole call 1001 -> 1002
// (off hook, DTMF dialling, ringing, ring trip, talk, 1001 hangs up, open
// loop and busy tone at 1002, 1002 hangs up) as each port's machine saw it:
// (time, machine, from, event, to, actions). Freewheel time makes it exact.
// A change in the flow shows in the diff; rewrite with UPDATE_GOLDEN=1 and
// review it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analogRig } from './rig.ts';
import type { TraceEntry } from '../../../drivers/analog/index.ts';

const GOLDEN = fileURLToPath(new URL('./golden/call-1001-1002.trace', import.meta.url));

function lines(port: string, trace: readonly TraceEntry[]): string[] {
  return trace.map((t) => `${t.atMs.toFixed(0).padStart(6)} ${port} ${t.machine} ${t.from} --${t.event}--> ${t.to} [${t.actions.join(', ')}]${t.unexpected ? ' UNEXPECTED' : ''}`);
}

test('a DTMF-dialled call between two extensions follows the golden trace on both ports', () => {
  const rig = analogRig();
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    a.offhook();
    rig.run(400);
    a.dialDtmf('1002');
    rig.runUntil(() => b.ringing, 1500, 'ringing');
    rig.run(1500);
    b.offhook();
    rig.run(1000);
    a.onhook();
    rig.run(2000);
    b.onhook();
    rig.run(1000);
    const got = [...lines('1001', rig.driver.port(1)!.trace), ...lines('1002', rig.driver.port(2)!.trace)].join('\n') + '\n';
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, got);
    assert.ok(existsSync(GOLDEN), 'golden trace missing: run with UPDATE_GOLDEN=1 and review it');
    assert.equal(got, readFileSync(GOLDEN, 'utf8'));
    assert.equal(rig.driver.ports().reduce((n, p) => n + p.unexpectedEvents, 0), 0, 'no unexpected events');
  } finally {
    rig.close();
  }
});
