// Configuration: schema, loader, cross-reference validation, reload
// planning and the built-in demo config. Every failure is a ConfigError
// naming the file, the key and what was expected.

/** Types of the validated configuration and its enumerations. */
export {
  DEFAULT_HTTP_PORT,
  LOG_LEVELS,
  RECORDING_MODES,
  WEBHOOK_EVENTS,
  type BoardConfig,
  type EngineSection,
  type HotlineConfig,
  type LogLevel,
  type LoopbackSection,
  type RecordingMode,
  type RecordingRule,
  type RecordingSection,
  type RoutingConfig,
  type SpanConfig,
  type WebhookConfig,
  type WebhookEvent,
} from './schema.ts';
/** Loading: parse text or a file, or decode an object; all throw ConfigError. */
export { decodeConfig, loadConfigFile, loadConfigSource, parseConfig, parseConfigSource, type ConfigEnv, type LoadOptions, type LoadedConfig } from './load.ts';
/** Decoder building blocks (for drivers that validate their own sections). */
export { closest, editDistance, keyOf, type DecodeContext, type Decoder } from './decode.ts';
/** Cross-reference checks (run by the loader; exported for reload). */
export { checkReferences } from './validate.ts';
/** Reload planning: what applies now and what needs a restart. */
export { mergeReload, planReload, type ReloadPlan } from './reload.ts';
/** The built-in demo configuration. */
export { DEMO_CONFIG_NAME, DEMO_CONFIG_YAML, demoConfig, demoConfigSource } from './demo.ts';
