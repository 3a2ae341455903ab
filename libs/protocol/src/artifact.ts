// Files of the run folder on the wire: rank 0 cuts a file (a sample grid, a file of
// the export or of an evaluation) into ARTIFACT messages of at most `pieceBytes`
// bytes each, in order; the coordinator reads them back with readArtifact and
// writes the file (libs/runs ArtifactWriter). The bytes travel as one U8 chunk per
// message, never through protobuf, like tensors do.
import { createHash } from 'node:crypto';
import { fail } from './protocol-error.ts';
import { bodyOf, makeMessage, type MessageHeader } from './message-builders.ts';
import { Dtype, MessageType } from './schema.ts';
import type { ProtocolMessage } from './framing.ts';

/** One received piece of a file. */
export interface ArtifactPiece {
  path: string;
  offset: number;
  totalBytes: number;
  last: boolean;
  /** Hex SHA-256 of the whole file; on the last piece only. */
  sha256: string;
  bytes: Uint8Array;
}

/** The messages that carry `bytes` as the file `path` of the run folder. */
export function makeArtifactMessages(header: MessageHeader, path: string, bytes: Uint8Array, pieceBytes: number): ProtocolMessage[] {
  if (!Number.isSafeInteger(pieceBytes) || pieceBytes < 1) fail('BAD_FIELD', 'pieceBytes', pieceBytes, 'an integer >= 1');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const out: ProtocolMessage[] = [];
  let offset = 0;
  do {
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + pieceBytes));
    const last = offset + piece.length >= bytes.length;
    const chunks = piece.length > 0 ? [{ name: 'bytes', dtype: Dtype.U8, shape: [piece.length], byteLength: piece.length }] : [];
    out.push(makeMessage(MessageType.ARTIFACT, header, { path, offset, totalBytes: bytes.length, last, sha256: last ? sha256 : '' }, chunks, piece.length > 0 ? [piece] : []));
    offset += piece.length;
  } while (offset < bytes.length);
  return out;
}

/** The piece an ARTIFACT message carries; throws a ProtocolError naming the bad field. */
export function readArtifact(msg: ProtocolMessage): ArtifactPiece {
  const body = bodyOf(msg, MessageType.ARTIFACT);
  const chunks = msg.envelope.chunks ?? [];
  if (chunks.length > 1) fail('BAD_FRAME_COUNT', 'chunks.length', chunks.length, '0 or 1 for an artifact');
  if (chunks.length === 1 && chunks[0].dtype !== Dtype.U8) fail('BAD_CHUNK', 'chunks[0].dtype', chunks[0].dtype, 'U8 for an artifact');
  const bytes = chunks.length === 1 ? msg.payloads[0] : new Uint8Array(0);
  const offset = Number(body.offset ?? 0);
  const totalBytes = Number(body.totalBytes ?? 0);
  if (!(offset + bytes.length <= totalBytes) && !(totalBytes === 0 && offset === 0 && bytes.length === 0)) {
    fail('BAD_FIELD', 'artifact.offset', offset, `a piece within the file's ${totalBytes} bytes (the piece has ${bytes.length})`);
  }
  const last = body.last === true;
  const sha256 = body.sha256 ?? '';
  if (last && !/^[0-9a-f]{64}$/.test(sha256)) fail('BAD_FIELD', 'artifact.sha256', sha256, '64 hex digits on the last piece');
  if (last && offset + bytes.length !== totalBytes) fail('BAD_FIELD', 'artifact.totalBytes', totalBytes, `the end of the last piece, ${offset + bytes.length}`);
  return { path: body.path ?? '', offset, totalBytes, last, sha256, bytes };
}
