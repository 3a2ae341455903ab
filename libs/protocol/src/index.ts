// Public surface of @acgan/protocol: the wire schema, the tensor codec, framing
// and validation of messages, and the transport (ZeroMQ and in-memory).
export * from './schema.ts';
export { PHASE_NAMES, phaseFromWire, phaseToWire, type PhaseName } from './phase.ts';
export { ProtocolError, type ProtocolErrorCode, type ProtocolErrorDetail } from './protocol-error.ts';
export * from './tensor-codec.ts';
export * from './framing.ts';
export * from './message-builders.ts';
export * from './tensor-chunks.ts';
export * from './transport.ts';
export { bindServer, connectClient } from './zmq-transport.ts';
export { z85Encode, z85Decode, isZ85Key } from './z85.ts';
export { type RefusedClient } from './zap.ts';
export { readCurveKeyFile, readAllowList, serverCurveFromFiles, clientCurveFromFiles, type CurveFiles } from './curve-keys.ts';
export { createInMemoryHub, createInMemoryPair, type InMemoryHub, type InMemoryClientTransport } from './in-memory-transport.ts';
export { runExchangeBench, type ExchangeBenchOptions, type ExchangeBenchResult, type ExchangePoint } from './bench/exchange-bench.ts';
