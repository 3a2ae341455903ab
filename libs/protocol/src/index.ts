// Public surface of @acgan/protocol: what the coordinator, the worker and the
// apps use of the wire schema, the message builders, the tensor codec, framing
// (with the validation of each message on decode) and the transports (ZeroMQ and
// in-memory). Tests of this library import its files directly.
export { Envelope, MessageType, Phase, PROTOCOL_VERSION, StatePurpose, UNASSIGNED_RANK, type ChecksumBody, type MetricsBody } from './schema.ts';
export { PHASE_NAMES, phaseFromWire, phaseToWire, type PhaseName } from './phase.ts';
export { ProtocolError } from './protocol-error.ts';
export { addDecodedInto, decodeToF32, encodeF32, protoToWireDtype, WIRE_DTYPES, wireDtypeSize, wireDtypeToProto, type WireDtype } from './tensor-codec.ts';
export { decodeFrames, DEFAULT_LIMITS, encodeFrames, maxFrameBytes, type ProtocolMessage } from './framing.ts';
export { bodyOf, makeAveragedMessage, makeGradientMessage, makeMessage, makeSharedAveragedMessage, makeSharedGradientMessage, type MessageHeader } from './message-builders.ts';
export { makeArtifactMessages, readArtifact, type ArtifactPiece } from './artifact.ts';
export { assembleTensors, makeStateMessage, splitIntoBuckets, type BucketRange } from './tensor-chunks.ts';
export { isLocalEndpoint, nextMessage, type ClientTransport, type CurveOptions, type ServerReceived, type ServerTransport } from './transport.ts';
export { bindServer, connectClient } from './zmq-transport.ts';
export { type RefusedClient } from './zap.ts';
export { clientCurveFromFiles, serverCurveFromFiles } from './curve-keys.ts';
export { createInMemoryHub, type InMemoryClientTransport, type InMemoryHub } from './in-memory-transport.ts';
export { runExchangeBench } from './bench/exchange-bench.ts';
