// The board config validator: defaults, and errors that name the key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBoards } from '../../../drivers/board/index.ts';
import { ConfigError } from '../../../engine/core/contracts/index.ts';

const ctx = { file: 'hotline.yaml' };

function fails(value: unknown, message: string): void {
  assert.throws(
    () => validateBoards(value, 'boards', ctx),
    (err: unknown) => err instanceof ConfigError && err.code === 'ERR_CONFIG_INVALID' && err.message === message,
  );
}

test('fills defaults: realtime pace, 8 frames per tick, master clock, 20 ms debounce, 8 audio blocks', () => {
  const [b] = validateBoards([{ id: 'sim0', kind: 'sim', spans: [{ kind: 'e1', framing: 'cas' }, { kind: 'fxs' }] }], 'boards', ctx);
  assert.deepEqual(b, {
    id: 'sim0',
    kind: 'sim',
    pace: 'realtime',
    tickFrames: 8,
    spans: [
      { kind: 'e1', framing: 'cas', cable: undefined, clock: 'master', debounceMs: 20, audioBlocks: 8, device: undefined },
      { kind: 'fxs', framing: 'cas', cable: undefined, clock: 'master', debounceMs: 20, audioBlocks: 8, device: undefined },
    ],
  });
});

test('names the key of a wrong framing', () => {
  fails(
    [{ id: 'sim0', kind: 'sim', spans: [{ kind: 'e1', framing: 'cas' }, { kind: 'e1', framing: 'css' }] }],
    'config hotline.yaml: boards[0].spans[1].framing: expected "cas" or "ccs", got "css"',
  );
});

test('refuses tick sizes other than 8, 16, 40, 80, 160', () => {
  fails([{ id: 'a', kind: 'sim', tickFrames: 32 }], 'config hotline.yaml: boards[0].tickFrames: expected one of 8, 16, 40, 80, 160, got 32');
  assert.equal(validateBoards([{ id: 'a', kind: 'sim', tickFrames: 160 }], 'boards', ctx)[0]!.tickFrames, 160);
});

test('refuses a socket cable without a role and unknown keys', () => {
  fails([{ id: 'a', kind: 'sim', spans: [{ kind: 'e1', framing: 'cas', cable: { socket: '/tmp/x.sock' } }] }], 'config hotline.yaml: boards[0].spans[0].cable.role: expected "listen" or "connect", got nothing');
  fails([{ id: 'a', kind: 'sim', spans: [{ kind: 'e1', framing: 'cas', debounce: 20 }] }], 'config hotline.yaml: boards[0].spans[0].debounce: expected one of the keys kind, framing, cable, clock, debounceMs, audioBlocks, device, got "debounce"');
});

test('debounceMs accepts 0 and 1000 and refuses -1 and 1001', () => {
  for (const ok of [0, 1000]) validateBoards([{ id: 'a', kind: 'sim', spans: [{ kind: 'e1', framing: 'cas', debounceMs: ok }] }], 'boards', ctx);
  for (const bad of [-1, 1001]) {
    fails([{ id: 'a', kind: 'sim', spans: [{ kind: 'e1', framing: 'cas', debounceMs: bad }] }], `config hotline.yaml: boards[0].spans[0].debounceMs: expected an integer from 0 to 1000, got ${bad}`);
  }
});

test('in-process cables must point back, with opposite clocks, at an existing span', () => {
  const span = (peer: string, clock: string) => ({ kind: 'e1', framing: 'cas', clock, cable: { peer } });
  validateBoards([{ id: 'a', kind: 'sim', spans: [span('a/2', 'master'), span('a/1', 'slave')] }], 'boards', ctx);
  fails([{ id: 'a', kind: 'sim', spans: [span('a/3', 'master'), span('a/1', 'slave')] }], 'config hotline.yaml: boards[0].spans[0].cable.peer: expected a span of board a from 1 to 2, got "a/3"');
  fails([{ id: 'a', kind: 'sim', spans: [span('a/2', 'master'), span('a/1', 'master')] }], "config hotline.yaml: boards[0].spans[0].clock: expected the opposite of a/2's clock, got \"master\"");
  fails([{ id: 'a', kind: 'sim' }, { id: 'a', kind: 'sim' }], 'config hotline.yaml: boards[1].id: expected a board id not used before (boards[0]), got "a"');
});
