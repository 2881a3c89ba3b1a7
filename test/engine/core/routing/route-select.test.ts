// Route selection: inbound priorities, outbound specificity, permission
// classes with China numbering, and bad routes failing with a cause.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../../engine/core/contracts/index.ts';
import { decideRoute, validateRouting, type RoutingConfig, type Extension, type PermissionClass } from '../../../../engine/core/routing/index.ts';
import { prng } from '../../../support/signals.ts';

function config(raw: unknown): RoutingConfig {
  const v = validateRouting(raw, 'test.yaml');
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  return v.config;
}

const CHINA = config({
  extensions: [
    { number: '2001', device: { driver: 'ext', channel: 1 } },
    { number: '2002', class: 'local', device: { driver: 'ext', channel: 2 } },
    { number: '2003', class: 'longDistance', device: { driver: 'ext', channel: 3 } },
    { number: '2004', class: 'international', device: { driver: 'ext', channel: 4 } },
  ],
  trunkGroups: [{ name: 'pstn', hunt: 'roundRobin', members: [{ driver: 'e1' }] }],
  inbound: [
    { name: 'vip', priority: 5, dnis: '88880000', ani: '_139XXXXXXXX', target: { queue: 'vip' } },
    { name: 'hotline', priority: 10, dnis: '88880000', target: { ivr: 'main' } },
    { name: 'did', priority: 20, dnis: '_8888200X', target: { extension: '2001' } },
    { name: 'conf', dnis: '8000', target: { conference: 'room1' } },
    { name: 'lost', dnis: '8001', target: { trunkGroup: 'nowhere' } },
  ],
  outbound: [
    { name: 'emergency', match: '_1XX', class: 'internal', trunkGroup: 'pstn' },
    { name: 'mobile', match: '_1[3-9]XXXXXXXXX', class: 'local', trunkGroup: 'pstn' },
    { name: 'local', match: '_[2-8]XXXXXXX', class: 'local', trunkGroup: 'pstn' },
    { name: 'longDistance', match: '_0Z.', class: 'longDistance', trunkGroup: 'pstn' },
    { name: 'international', match: '_00.', class: 'international', trunkGroup: 'pstn' },
    { name: 'broken', match: '_95XXX', class: 'internal', trunkGroup: 'missing' },
  ],
});

function ext(n: string): Extension {
  const e = CHINA.extensions.find((x) => x.number === n);
  if (!e) throw new Error(n);
  return e;
}

test('inbound routes match by priority: the ANI-specific VIP route wins over the hotline route', () => {
  const vip = decideRoute(CHINA, { ani: '13912345678', dnis: '88880000' });
  assert.ok(vip.ok && vip.kind === 'application' && vip.app === 'queue' && vip.name === 'vip');
  const other = decideRoute(CHINA, { ani: '13812345678', dnis: '88880000' });
  assert.ok(other.ok && other.kind === 'application' && other.app === 'ivr' && other.route === 'hotline');
  const noAni = decideRoute(CHINA, { ani: undefined, dnis: '88880000' });
  assert.ok(noAni.ok && noAni.kind === 'application' && noAni.app === 'ivr');
});

test('an inbound DID pattern reaches its extension, a conference target reaches its room', () => {
  const d = decideRoute(CHINA, { ani: '01088886666', dnis: '88882005' });
  assert.ok(d.ok && d.kind === 'extension' && d.extension.number === '2001' && d.route === 'did');
  const c = decideRoute(CHINA, { ani: undefined, dnis: '8000' });
  assert.ok(c.ok && c.kind === 'conference' && c.room === 'room1');
});

test('a trunk call to an unrouted number fails with unallocated number, never reaching outbound routes (no transit)', () => {
  const d = decideRoute(CHINA, { ani: '01088886666', dnis: '13912345678' });
  assert.ok(!d.ok);
  assert.equal(d.cause, Cause.unallocatedNumber);
});

test('extension to extension is internal and needs no class', () => {
  const d = decideRoute(CHINA, { ani: '2001', dnis: '2002', caller: ext('2001') });
  assert.ok(d.ok && d.kind === 'extension' && d.extension.number === '2002');
});

test('an extension with no class may call only internal numbers: 1XX service allowed, mobile and long distance refused', () => {
  const e = ext('2001');
  const svc = decideRoute(CHINA, { ani: '2001', dnis: '110', caller: e });
  assert.ok(svc.ok && svc.kind === 'trunk' && svc.route === 'emergency');
  for (const n of ['13912345678', '62345678', '01088886666', '0085212345678']) {
    const d = decideRoute(CHINA, { ani: '2001', dnis: n, caller: e });
    assert.ok(!d.ok, n);
    assert.equal(d.cause, Cause.callRejected, n);
  }
});

test('00 is international, not long distance: the most specific route decides the class (no fall-through)', () => {
  const d = decideRoute(CHINA, { ani: '2003', dnis: '0085212345678', caller: ext('2003') });
  assert.ok(!d.ok);
  assert.equal(d.route, 'international');
  const ok = decideRoute(CHINA, { ani: '2004', dnis: '0085212345678', caller: ext('2004') });
  assert.ok(ok.ok && ok.kind === 'trunk' && ok.route === 'international' && ok.dest === '0085212345678');
});

const RANK: Record<PermissionClass, number> = { internal: 0, local: 1, longDistance: 2, international: 3 };

function generate(rnd: () => number): { number: string; needs: PermissionClass } {
  const d = (n: number) => Array.from({ length: n }, () => String(Math.floor(rnd() * 10))).join('');
  switch (Math.floor(rnd() * 5)) {
    case 0:
      return { number: `1${d(2)}`, needs: 'internal' };
    case 1:
      return { number: `1${3 + Math.floor(rnd() * 7)}${d(9)}`, needs: 'local' };
    case 2:
      return { number: `${2 + Math.floor(rnd() * 7)}${d(7)}`, needs: 'local' };
    case 3:
      return { number: `0${1 + Math.floor(rnd() * 9)}${d(9)}`, needs: 'longDistance' };
    default:
      return { number: `00${1 + Math.floor(rnd() * 9)}${d(10)}`, needs: 'international' };
  }
}

test('permission classes hold on 4000 generated China numbers for every class of caller', () => {
  const rnd = prng(42);
  for (let i = 0; i < 4000; i++) {
    const { number, needs } = generate(rnd);
    for (const n of ['2001', '2002', '2003', '2004']) {
      const caller = ext(n);
      const d = decideRoute(CHINA, { ani: n, dnis: number, caller });
      const allowed = RANK[caller.class] >= RANK[needs];
      assert.equal(d.ok, allowed, `${n} (${caller.class}) -> ${number} (needs ${needs})`);
      if (!d.ok) assert.equal(d.cause, Cause.callRejected);
    }
  }
});

test('a route to a missing trunk group fails that call with no-route-to-destination and a reason naming it', () => {
  const d = decideRoute(CHINA, { ani: '2001', dnis: '95123', caller: ext('2001') });
  assert.ok(!d.ok);
  assert.equal(d.cause, Cause.noRouteToDestination);
  assert.match(d.reason, /missing/);
  const inbound = decideRoute(CHINA, { ani: undefined, dnis: '8001' });
  assert.ok(!inbound.ok);
  assert.match(inbound.reason, /nowhere/);
});

test('strip and prepend rewrite the number sent on the trunk (access code 9)', () => {
  const c = config({
    extensions: [{ number: '2001', class: 'international', device: { driver: 'ext' } }],
    trunkGroups: [{ name: 'pstn', members: [{ driver: 'e1' }] }],
    outbound: [{ name: 'out', match: '_9X.', class: 'local', trunkGroup: 'pstn', strip: 1, prepend: '0' }],
  });
  const e = c.extensions[0]!;
  const d = decideRoute(c, { ani: '2001', dnis: '91088886666', caller: e });
  assert.ok(d.ok && d.kind === 'trunk' && d.dest === '01088886666');
});
