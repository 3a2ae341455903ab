// The generated protobuf types under short names, and the protocol version.
// Everything else in the library (and every app) imports the schema from here,
// never from ./generated directly, so a regeneration touches one import.
import { acgan } from './generated/acgan.js';

/**
 * Version carried in every Envelope; a peer with another version is rejected.
 * 2: State.sampler_position, rng_state, metadata_json, Gradient.sample_count and
 * Averaged.contributor_count removed (no peer read them; see acgan.proto).
 * 3: ARTIFACT (rank 0 sends the run's outputs to the coordinator, which writes them)
 * and Assign.dataset_facts_json.
 */
export const PROTOCOL_VERSION = 3;

/** Rank of a sender that has not been assigned one yet. */
export const UNASSIGNED_RANK = -1;

export const MessageType = acgan.v1.MessageType;
export type MessageType = acgan.v1.MessageType;
export const Phase = acgan.v1.Phase;
export type Phase = acgan.v1.Phase;
export const Dtype = acgan.v1.Dtype;
export type Dtype = acgan.v1.Dtype;
export const StatePurpose = acgan.v1.StatePurpose;
export type StatePurpose = acgan.v1.StatePurpose;
export const Envelope = acgan.v1.Envelope;
/** A decoded envelope: scalar fields always hold a value (proto3 defaults). */
export type Envelope = acgan.v1.Envelope;
/** The fields one may pass to build an envelope (all optional). */
export type EnvelopeInit = acgan.v1.Envelope.$Properties;
export type ChunkDescriptor = acgan.v1.ChunkDescriptor.$Properties;
export type RegisterBody = acgan.v1.Register.$Properties;
export type CapabilitiesBody = acgan.v1.Capabilities.$Properties;
export type AssignBody = acgan.v1.Assign.$Properties;
export type StateBody = acgan.v1.State.$Properties;
export type StateRequestBody = acgan.v1.StateRequest.$Properties;
export type ReadyBody = acgan.v1.Ready.$Properties;
export type HeartbeatBody = acgan.v1.Heartbeat.$Properties;
export type GradientBody = acgan.v1.Gradient.$Properties;
export type AveragedBody = acgan.v1.Averaged.$Properties;
export type ChecksumBody = acgan.v1.Checksum.$Properties;
export type MetricsBody = acgan.v1.Metrics.$Properties;
export type ErrorBody = acgan.v1.Error.$Properties;
export type ShutdownBody = acgan.v1.Shutdown.$Properties;
export type ArtifactBody = acgan.v1.Artifact.$Properties;

/** Name of the `oneof body` field that each message type must carry. */
export const BODY_FIELD = {
  [MessageType.REGISTER]: 'register',
  [MessageType.ASSIGN]: 'assign',
  [MessageType.STATE]: 'state',
  [MessageType.STATE_REQUEST]: 'stateRequest',
  [MessageType.READY]: 'ready',
  [MessageType.HEARTBEAT]: 'heartbeat',
  [MessageType.GRADIENT]: 'gradient',
  [MessageType.AVERAGED]: 'averaged',
  [MessageType.CHECKSUM]: 'checksum',
  [MessageType.METRICS]: 'metrics',
  [MessageType.ERROR]: 'error',
  [MessageType.SHUTDOWN]: 'shutdown',
  [MessageType.ARTIFACT]: 'artifact',
} as const satisfies Record<Exclude<MessageType, acgan.v1.MessageType.MESSAGE_TYPE_UNSPECIFIED>, NonNullable<Envelope['body']>>;

export type BodyField = (typeof BODY_FIELD)[keyof typeof BODY_FIELD];
