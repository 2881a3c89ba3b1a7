// The built-in demo configuration that `npm start` runs when no --config is
// given: a simulated board whose two E1 spans are cabled back to back (span
// 2 plays the carrier, network side), three analog extensions (FXS ports 3
// to 5) each cabled in process to a simulated phone (FXO spans 6 to 8) that
// answers on the first ring and hangs up after 8 s of talk, an inbound demo
// route (calls to 100X from the carrier reach the extension), an outbound
// route (9 + number goes out on span 1), recordings on for the demo route,
// SQLite under ./data. The E1 spans carry no signalling yet: China No.1 and
// SS7 are the next layers; they show a line that aligns and stays up.
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
      # 3 to 5: FXS ports for the extensions (the engine is the exchange) ...
      - { kind: fxs, cable: { peer: sim0/6 }, clock: master }
      - { kind: fxs, cable: { peer: sim0/7 }, clock: master }
      - { kind: fxs, cable: { peer: sim0/8 }, clock: master }
      # 6 to 8: ... and the station side of each line, where the simulated phones sit.
      - { kind: fxo, cable: { peer: sim0/3 }, clock: slave }
      - { kind: fxo, cable: { peer: sim0/4 }, clock: slave }
      - { kind: fxo, cable: { peer: sim0/5 }, clock: slave }

# The analog loop-start driver on the FXS ports, and the simulated phones:
# they answer on the first ring and hang up after 8 s of talk.
analog:
  drivers:
    - name: analog
      board: sim0
      ports:
        - { span: 3, number: "1001" }
        - { span: 4, number: "1002" }
        - { span: 5, number: "1003" }
      numberLength: 4
      tones: cn
  phones:
    - { board: sim0, span: 6, answerAfterRings: 1, talkMs: 8000, hangUpOnDisconnect: true }
    - { board: sim0, span: 7, answerAfterRings: 1, talkMs: 8000, hangUpOnDisconnect: true }
    - { board: sim0, span: 8, answerAfterRings: 1, talkMs: 8000, hangUpOnDisconnect: true }

routing:
  extensions:
    - { number: "1001", name: Alice, class: local, device: { driver: analog, span: 3, channel: 0 } }
    - { number: "1002", name: Bob, class: internal, device: { driver: analog, span: 4, channel: 0 } }
    - { number: "1003", name: Carol, class: international, device: { driver: analog, span: 5, channel: 0 } }
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
