// The Hotline configuration file: its types and the decoders that check it.
//
// One YAML (or JSON) document with the sections `engine`, `boards`,
// `routing`, `recording` and `webhooks`. Every key of the sections declared
// here is checked; an undeclared key is an error with a "did you mean" hint.
// Defaults are filled in so the rest of the engine reads complete values.
//
// Delegation: `boards` is validated by the board driver (drivers/board,
// validateBoards) and `routing` (extensions with permission classes, trunk
// groups with hunting, inbound and outbound routes, number patterns) by the
// core's router (engine/core/routing, validateRouting); this file owns the
// rest and the file as a whole.

import { ConfigError } from '../contracts/index.ts';
import { validateBoards, type BoardConfig } from '../../../drivers/board/index.ts';
import { validateAnalog, type AnalogSection } from '../../../drivers/analog/index.ts';
import { EMPTY_ROUTING, validateRouting, type RoutingConfig } from '../routing/index.ts';
import { checkRoutingKeys } from './routing-keys.ts';
import {
  digits,
  integer,
  list,
  object,
  oneOf,
  optional,
  string,
  url,
  withDefault,
  type Decoder,
} from './decode.ts';

/** Log levels accepted by pino. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Recording rules. */
export const RECORDING_MODES = ['always', 'never', 'onDemand'] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];

export const DEFAULT_HTTP_PORT = 8080;

export interface EngineSection {
  httpPort: number;
  httpHost: string;
  dataDir: string;
  logLevel: LogLevel;
  /** How long drain waits for calls to end on shutdown before hanging them up. */
  drainTimeoutMs: number;
}

/** The board section's types come from the board driver, which owns their validation. */
export type { BoardConfig, SpanConfig } from '../../../drivers/board/index.ts';
/** The routing section's type comes from the router, which owns its validation. */
export type { RoutingConfig } from '../routing/index.ts';

export interface RecordingRule {
  route: string | undefined;
  extension: string | undefined;
  queue: string | undefined;
  mode: RecordingMode;
}

export interface RecordingSection {
  default: RecordingMode;
  /** `mixed` mono or `stereo` (caller left, callee right). */
  layout: 'mixed' | 'stereo';
  rules: RecordingRule[];
}

export const WEBHOOK_EVENTS = ['call.ended', 'recording.saved', 'call.started', 'call.answered'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookConfig {
  url: string;
  events: WebhookEvent[];
  maxAttempts: number;
  timeoutMs: number;
}

/**
 * Software loopback circuits with simulated far-end phones (driver
 * "loopback"): what the demo's extensions ring until the analog driver's
 * simulated ports take over, and what tests call.
 */
export interface LoopbackSection {
  spans: number;
  channelsPerSpan: number;
  /** A far phone answers this long after it starts ringing. */
  answerAfterMs: number;
  /** A far phone hangs up after this much talk; 0: it stays until the call is hung up. */
  talkMs: number;
}

/** The whole validated configuration. */
export interface HotlineConfig {
  engine: EngineSection;
  boards: BoardConfig[];
  /** Absent: no loopback driver. */
  loopback: LoopbackSection | undefined;
  /** Analog loop-start drivers over the boards' fxs/fxo spans, and simulated phones (drivers/analog). */
  analog: AnalogSection;
  routing: RoutingConfig;
  recording: RecordingSection;
  webhooks: WebhookConfig[];
}

const NAME = string({ pattern: /^[A-Za-z][A-Za-z0-9_-]{0,63}$/, describe: 'a name (letters, digits, - or _, starting with a letter)' });

const engineSection: Decoder<EngineSection> = object<EngineSection>({
  httpPort: withDefault(integer(0, 65535), DEFAULT_HTTP_PORT),
  httpHost: withDefault(string(), '127.0.0.1'),
  dataDir: withDefault(string(), './data'),
  logLevel: withDefault(oneOf(LOG_LEVELS), 'info'),
  drainTimeoutMs: withDefault(integer(0, 3_600_000, 'ms'), 30_000),
});

const recordingMode = oneOf(RECORDING_MODES);

/** The `routing` section through the router's validator (it collects every problem; the first is thrown). */
const routingSection: Decoder<RoutingConfig> = (value, key, ctx) => {
  if (value === undefined || value === null) return EMPTY_ROUTING;
  checkRoutingKeys(value, key, ctx);
  const result = validateRouting(value, ctx.file);
  if (!result.ok) {
    const first = result.errors[0];
    throw first ?? new ConfigError(ctx.file, key, 'a valid routing section', value);
  }
  return result.config;
};

const recordingRule = object<RecordingRule>({
  route: optional(NAME),
  extension: optional(digits()),
  queue: optional(NAME),
  mode: recordingMode,
});

const webhookConfig = object<WebhookConfig>({
  url,
  events: withDefault(list(oneOf(WEBHOOK_EVENTS), { min: 1 }), ['call.ended', 'recording.saved']),
  maxAttempts: withDefault(integer(1, 20), 5),
  timeoutMs: withDefault(integer(100, 60_000, 'ms'), 5_000),
});

/** Decoder of the whole file; the `boards` section goes to the board driver's validator. */
export function hotlineConfig(): Decoder<HotlineConfig> {
  return object<HotlineConfig>({
    engine: withDefault(engineSection, engineSection({}, 'engine', { file: '(defaults)' })),
    boards: validateBoards,
    loopback: optional(
      object<LoopbackSection>({
        spans: withDefault(integer(1, 16), 1),
        channelsPerSpan: withDefault(integer(1, 480), 30),
        answerAfterMs: withDefault(integer(0, 600_000, 'ms'), 1000),
        talkMs: withDefault(integer(0, 86_400_000, 'ms'), 0),
      }),
    ),
    analog: validateAnalog,
    routing: routingSection,
    recording: withDefault(
      object<RecordingSection>({
        default: withDefault(recordingMode, 'never'),
        layout: withDefault(oneOf(['mixed', 'stereo'] as const), 'mixed'),
        rules: withDefault(list(recordingRule), []),
      }),
      { default: 'never', layout: 'mixed', rules: [] },
    ),
    webhooks: withDefault(list(webhookConfig), []),
  });
}
