// The built-in demo configuration that `npm start` runs when no --config is
// given: a simulated board whose two E1 spans are cabled back to back (span
// 2 plays the carrier, network side), three extensions with simulated
// phones (on loopback circuits until the analog driver's simulated FXS
// ports, declared here as spans 3 to 5, take over), an
// inbound demo route (calls to 100X from the carrier reach the extension),
// an outbound route (9 + number goes out on span 1), recordings on for the
// demo route, SQLite under ./data.
//
// It is kept as YAML text so that it is also the example a newcomer copies
// (`hotline start --print-demo-config > hotline.yaml`), and it goes through
// the same validator as any user file.

import { parseConfigSource, type LoadOptions, type LoadedConfig } from './load.ts';
import type { HotlineConfig } from './schema.ts';

/** Name the demo config carries in error messages. */
export const DEMO_CONFIG_NAME = '(built-in demo config)';

/** The demo configuration as YAML. */
export const DEMO_CONFIG_YAML = `# Hotline demo: one simulated board, two E1 spans cabled back to back.
engine:
  httpPort: 8080
  httpHost: 127.0.0.1
  dataDir: ./data
  logLevel: info
  drainTimeoutMs: 10000

boards:
  - id: sim0
    kind: sim
    pace: realtime
    spans:
      # 1 and 2: two E1 spans cabled back to back; span 2 plays the carrier.
      - { kind: e1, framing: cas, cable: { peer: sim0/2 }, clock: slave }
      - { kind: e1, framing: cas, cable: { peer: sim0/1 }, clock: master }
      # 3 to 5: FXS ports for the extensions; the simulated phones attach to them.
      - { kind: fxs }
      - { kind: fxs }
      - { kind: fxs }

# Simulated phones on software circuits: they answer after 1 s and hang up
# after 8 s of talk. (The analog driver's simulated FXS ports replace them.)
loopback:
  spans: 1
  channelsPerSpan: 30
  answerAfterMs: 1000
  talkMs: 8000

routing:
  extensions:
    - { number: "1001", name: Alice, class: local, device: { driver: loopback, span: 0, channel: 1 } }
    - { number: "1002", name: Bob, class: internal, device: { driver: loopback, span: 0, channel: 2 } }
    - { number: "1003", name: Carol, class: international, device: { driver: loopback, span: 0, channel: 3 } }
  trunkGroups:
    - { name: pstn, hunt: lowest, members: [{ driver: china1, spans: [1] }] }
    - { name: carrier, hunt: roundRobin, members: [{ driver: china1, spans: [2] }] }
  inbound:
    - { name: demo-in, dnis: "_100X", target: { extension: "1001" } }
  outbound:
    - { name: demo-out, match: "_9X.", class: local, trunkGroup: pstn, strip: 1 }

recording:
  default: never
  layout: stereo
  rules:
    - { route: demo-in, mode: always }
    - { extension: "1001", mode: always }

webhooks: []
`;

/** The demo configuration, validated (environment overrides apply). */
export function demoConfig(options: LoadOptions = {}): HotlineConfig {
  return demoConfigSource(options).config;
}

/** The demo configuration with its parsed document. */
export function demoConfigSource(options: LoadOptions = {}): LoadedConfig {
  return parseConfigSource(DEMO_CONFIG_NAME, DEMO_CONFIG_YAML, options);
}
