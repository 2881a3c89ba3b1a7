// CDRs: the record of a finished call (the store writes it through CdrSink).

/** Builds the CdrRecord of an ended call; dispositions from cause and answer. */
export { buildCdr, dispositionOf } from './cdr-builder.ts';
