// Q.850 release causes as data.
//
// What it does: the ITU-T Q.850 cause table (clause 2.2.5, Table 1) with a
// stable camelCase name per value and its class (the high three bits of the
// 7-bit value, clause 2.2.5: normal, resource unavailable, service or option
// not available, service or option not implemented, invalid message,
// protocol error, interworking). Every technology maps its own release
// reasons onto these values: ISUP carries them directly (Q.764), China No.1
// maps its KB/B-signals (B2 busy -> 17, B5 vacant -> 1), SIP maps status
// codes per RFC 3398 (its own driver keeps that table).
//
// Limits: only the values Q.850 defines are named; any other value in 0..127
// is still a valid cause on the wire and is rendered as "cause N".

/** One row of the Q.850 table. */
export interface CauseInfo {
  readonly value: number;
  readonly name: string;
  readonly cls: CauseClass;
}

/** Q.850 clause 2.2.5 cause classes (value >> 4). */
export type CauseClass =
  | 'normal'
  | 'resourceUnavailable'
  | 'serviceNotAvailable'
  | 'serviceNotImplemented'
  | 'invalidMessage'
  | 'protocolError'
  | 'interworking';

/** Named Q.850 cause values. */
export const Cause = {
  unallocatedNumber: 1,
  noRouteToTransitNetwork: 2,
  noRouteToDestination: 3,
  sendSpecialInformationTone: 4,
  misdialledTrunkPrefix: 5,
  channelUnacceptable: 6,
  callAwardedInEstablishedChannel: 7,
  preemption: 8,
  preemptionCircuitReserved: 9,
  normalClearing: 16,
  userBusy: 17,
  noUserResponding: 18,
  noAnswer: 19,
  subscriberAbsent: 20,
  callRejected: 21,
  numberChanged: 22,
  redirectionToNewDestination: 23,
  exchangeRoutingError: 25,
  nonSelectedUserClearing: 26,
  destinationOutOfOrder: 27,
  invalidNumberFormat: 28,
  facilityRejected: 29,
  responseToStatusEnquiry: 30,
  normalUnspecified: 31,
  noCircuitAvailable: 34,
  networkOutOfOrder: 38,
  permanentFrameModeOutOfService: 39,
  permanentFrameModeOperational: 40,
  temporaryFailure: 41,
  switchingEquipmentCongestion: 42,
  accessInformationDiscarded: 43,
  requestedCircuitNotAvailable: 44,
  precedenceCallBlocked: 46,
  resourceUnavailable: 47,
  qualityOfServiceNotAvailable: 49,
  facilityNotSubscribed: 50,
  outgoingCallsBarredWithinCug: 53,
  incomingCallsBarredWithinCug: 55,
  bearerCapabilityNotAuthorized: 57,
  bearerCapabilityNotAvailable: 58,
  inconsistencyInAccessInformation: 62,
  serviceNotAvailable: 63,
  bearerCapabilityNotImplemented: 65,
  channelTypeNotImplemented: 66,
  facilityNotImplemented: 69,
  restrictedDigitalInformationOnly: 70,
  serviceNotImplemented: 79,
  invalidCallReference: 81,
  channelDoesNotExist: 82,
  suspendedCallExistsButNotThisIdentity: 83,
  callIdentityInUse: 84,
  noCallSuspended: 85,
  callIdentityCleared: 86,
  userNotMemberOfCug: 87,
  incompatibleDestination: 88,
  nonExistentCug: 90,
  invalidTransitNetwork: 91,
  invalidMessageUnspecified: 95,
  mandatoryInformationElementMissing: 96,
  messageTypeNonExistent: 97,
  messageNotCompatibleOrNotImplemented: 98,
  informationElementNonExistent: 99,
  invalidInformationElementContents: 100,
  messageNotCompatibleWithCallState: 101,
  recoveryOnTimerExpiry: 102,
  parameterNonExistentPassedOn: 103,
  messageWithUnrecognizedParameterDiscarded: 110,
  protocolErrorUnspecified: 111,
  interworkingUnspecified: 127,
} as const;

/** A Q.850 cause value (any 0..127 is legal on the wire; these are the named ones). */
export type CauseValue = (typeof Cause)[keyof typeof Cause];

const CLASSES: readonly CauseClass[] = [
  'normal',
  'normal',
  'resourceUnavailable',
  'serviceNotAvailable',
  'serviceNotImplemented',
  'invalidMessage',
  'protocolError',
  'interworking',
];

/** The Q.850 table, ordered by value. */
export const Q850_CAUSES: readonly CauseInfo[] = Object.entries(Cause)
  .map(([name, value]) => ({ value, name, cls: CLASSES[value >> 4] ?? 'interworking' }))
  .sort((a, b) => a.value - b.value);

const BY_VALUE: ReadonlyMap<number, CauseInfo> = new Map(Q850_CAUSES.map((c) => [c.value, c]));

/** The table row of a cause, or undefined for an unnamed value. */
export function causeInfo(value: number): CauseInfo | undefined {
  return BY_VALUE.get(value);
}

/** A cause's name for logs and CDRs ("normalClearing", or "cause 12" for an unnamed value). */
export function causeName(value: number): string {
  return BY_VALUE.get(value)?.name ?? `cause ${value}`;
}

/** True for a value a Q.850 cause field can carry (integer 0..127). */
export function isCauseValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 127;
}
