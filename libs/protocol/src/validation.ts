// Context checks: what decodeFrames cannot know on its own (who is registered,
// which run, which step and phase the coordinator is in). The coordinator runs
// these on every message before it touches the data; a failure is a ProtocolError
// to log and, usually, a reason to expel the sender.
import { fail } from './protocol-error.ts';
import { MessageType, Phase } from './schema.ts';
import type { ProtocolMessage } from './framing.ts';

export interface Expectation {
  /** The run id every message must carry. */
  session?: string;
  /** The rank the sender must claim (e.g. the rank registered for its peer id). */
  rank?: number;
  step?: number;
  phase?: Phase;
  /** Bucket count of the current layout; the bucket index must be below it. */
  bucketCount?: number;
  /** Message type(s) acceptable right now. */
  type?: MessageType | readonly MessageType[];
}

/** Throws WRONG_SESSION, UNKNOWN_SENDER, UNEXPECTED_TYPE/STEP/PHASE or BUCKET_OUT_OF_RANGE. */
export function checkExpected(msg: ProtocolMessage, expected: Expectation): void {
  const env = msg.envelope;
  if (expected.session !== undefined && env.session !== expected.session) {
    fail('WRONG_SESSION', 'session', env.session, expected.session);
  }
  if (expected.rank !== undefined && env.senderRank !== expected.rank) {
    fail('UNKNOWN_SENDER', 'senderRank', env.senderRank, expected.rank);
  }
  if (expected.type !== undefined) {
    const types: readonly MessageType[] = typeof expected.type === 'number' ? [expected.type] : expected.type;
    if (!types.includes(env.type)) {
      fail('UNEXPECTED_TYPE', 'type', MessageType[env.type] ?? env.type, types.map((t) => MessageType[t]).join(' or '));
    }
  }
  if (expected.step !== undefined && env.step !== expected.step) fail('UNEXPECTED_STEP', 'step', env.step, expected.step);
  if (expected.phase !== undefined && env.phase !== expected.phase) {
    fail('UNEXPECTED_PHASE', 'phase', Phase[env.phase] ?? env.phase, Phase[expected.phase]);
  }
  if (expected.bucketCount !== undefined) {
    if (env.bucketCount !== expected.bucketCount) {
      fail('BUCKET_OUT_OF_RANGE', 'bucketCount', env.bucketCount, expected.bucketCount);
    }
    if (env.bucket >= expected.bucketCount) {
      fail('BUCKET_OUT_OF_RANGE', 'bucket', env.bucket, `less than ${expected.bucketCount}`);
    }
  }
}

/**
 * The rank registered for `peer`, checked against the rank the message claims.
 * Throws UNKNOWN_SENDER for an unregistered peer or a claim that does not match.
 */
export function checkSender(msg: ProtocolMessage, peer: string, rankByPeer: ReadonlyMap<string, number>): number {
  const rank = rankByPeer.get(peer);
  if (rank === undefined) fail('UNKNOWN_SENDER', 'peer', peer, 'a registered peer');
  if (msg.envelope.senderRank !== rank) fail('UNKNOWN_SENDER', 'senderRank', msg.envelope.senderRank, rank, `peer ${peer}`);
  return rank;
}
