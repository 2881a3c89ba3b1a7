// The `analog` config section: validation with errors that name the file,
// the key and what was expected, and the builder running the demo's shape
// (an exchange board with FXS ports, a phones board whose FXO spans are the
// simulated phones) through a click-to-call on the real engine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { Dsp } from '../../../dsp/index.ts';
import { DrivenClock, Engine, validateRouting, silentLog, type CdrRecord } from '../../../engine/core/index.ts';
import { openBoard, validateBoards } from '../../../drivers/board/index.ts';
import { buildAnalog, validateAnalog } from '../../../drivers/analog/index.ts';

const DEMO = `
boards:
  - id: cfgx
    kind: sim
    pace: freewheel
    tickFrames: 80
    spans:
      - { kind: fxs, clock: master, cable: { peer: cfgp/1 } }
      - { kind: fxs, clock: master, cable: { peer: cfgp/2 } }
  - id: cfgp
    kind: sim
    pace: freewheel
    tickFrames: 80
    spans:
      - { kind: fxo, clock: slave, cable: { peer: cfgx/1 } }
      - { kind: fxo, clock: slave, cable: { peer: cfgx/2 } }
analog:
  drivers:
    - { board: cfgx, ports: [{ span: 1, number: "1001" }, { span: 2, number: "1002" }], numberLength: 4 }
  phones:
    - { board: cfgp, span: 1, answerAfterRings: 1, hangUpOnDisconnect: true }
    - { board: cfgp, span: 2, answerAfterRings: 2, talkMs: 3000, hangUpOnDisconnect: true }
routing:
  extensions:
    - { number: "1001", class: local, device: { driver: analog, span: 1, channel: 0 } }
    - { number: "1002", class: local, device: { driver: analog, span: 2, channel: 0 } }
`;

test('validateAnalog: defaults, and errors naming file, key and expectation', () => {
  const doc = parse(DEMO) as Record<string, unknown>;
  const s = validateAnalog(doc['analog'], 'analog', { file: 'hotline.yaml' });
  assert.equal(s.drivers[0]?.name, 'analog');
  assert.equal(s.drivers[0]?.answerSupervision, 'immediate');
  assert.equal(s.phones[1]?.talkMs, 3000);
  assert.deepEqual(validateAnalog(undefined, 'analog', { file: 'x' }), { drivers: [], phones: [] });
  const bad = (v: unknown) => () => validateAnalog(v, 'analog', { file: 'hotline.yaml' });
  assert.throws(bad({ drivers: [{ board: 'b', ports: [{ span: 0 }] }] }), /config hotline.yaml: analog.drivers\[0\].ports\[0\].span: expected an integer from 1 to 64, got 0/);
  assert.throws(bad({ drivers: [{ board: 'b', ports: [{ span: 1, number: 1001 }] }] }), /analog.drivers\[0\].ports\[0\].number: expected a number of 1 to 32 digits \(quoted\)/);
  assert.throws(bad({ drivers: [{ board: 'b', timers: { fxs: { interDigit: 500 } } }] }), /analog.drivers\[0\].timers.fxs.interDigit: expected an integer from 1000 to 20000/);
  assert.throws(bad({ drivers: [{ board: 'b', answerSupervision: 'polarity' }] }), /answerSupervision: expected "immediate" or "reversal"/);
  assert.throws(bad({ drivers: [{ board: 'b' }, { board: 'c' }] }), /analog.drivers\[1\].name: expected a name no other analog driver has/);
  assert.throws(bad({ phones: [{ board: 'p', span: 1, ring: 2 }] }), /analog.phones\[0\].ring: expected one of board, span/);
});

test('buildAnalog: the demo shape; engine.originate(1001, 1002) rings both simulated phones, they answer, talk and hang up; CDR answered', () => {
  const doc = parse(DEMO) as Record<string, unknown>;
  const boards = validateBoards(doc['boards'], 'boards', { file: 'demo.yaml' }).map((c) => openBoard(c, { log: silentLog }));
  const clock = new DrivenClock();
  const section = validateAnalog(doc['analog'], 'analog', { file: 'demo.yaml' });
  const built = buildAnalog(section, { boards, clock, log: silentLog, file: 'demo.yaml' });
  const routing = validateRouting(doc['routing'], 'demo.yaml');
  assert.ok(routing.ok);
  const cdrs: CdrRecord[] = [];
  const engine = new Engine({ clock, log: silentLog, dsp: Dsp.load(), cdrSink: { callStarted() {}, write: (r) => cdrs.push(r) }, drivers: built.drivers, routing: routing.config });
  try {
    for (const b of boards) b.start();
    const step = (ms: number) => {
      for (let t = 0; t < ms; t += 10) {
        for (const b of boards) b.step(1);
        clock.advance(10);
      }
    };
    step(300);
    engine.start();
    step(100);
    assert.equal(engine.originate('1001', '1002').ok, true);
    step(15_000);
    assert.equal(cdrs.length, 1);
    assert.equal(cdrs[0]?.disposition, 'answered');
    assert.equal(cdrs[0]?.ani, '1001');
    assert.equal(cdrs[0]?.dnis, '1002');
    assert.ok(built.phones.every((p) => !p.offHook), 'both phones hung up');
    assert.throws(() => buildAnalog({ drivers: [], phones: [{ board: 'cfgx', span: 1, answerAfterRings: 0, talkMs: 0, hangUpOnDisconnect: false }] }, { boards, clock, log: silentLog, file: 'demo.yaml' }), /analog.phones\[0\].span: expected an fxo span of board cfgx/);
  } finally {
    engine.stop();
    built.close();
    for (const b of boards) b.close();
  }
});
