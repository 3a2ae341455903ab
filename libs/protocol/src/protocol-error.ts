// The one error type this library throws for bad input. `code` is stable (apps
// switch on it, tests assert it); `detail` carries the offending value and the
// expected one so a log line is enough to see what went wrong.

export type ProtocolErrorCode =
  // framing / decoding of a single message
  | 'BAD_VERSION'
  | 'UNKNOWN_TYPE'
  | 'BODY_MISMATCH'
  | 'DECODE_FAILED'
  | 'BAD_FRAME_COUNT'
  | 'SIZE_MISMATCH'
  | 'TOO_LARGE'
  | 'BAD_CHUNK'
  | 'BAD_FIELD'
  | 'BUCKET_OUT_OF_RANGE'
  // transport
  | 'TIMEOUT'
  | 'CLOSED'
  | 'SEND_FAILED'
  | 'TRANSPORT_FAILED';

export interface ProtocolErrorDetail {
  /** What was received (or computed from what was received). */
  got?: unknown;
  /** What the protocol or the caller expected instead. */
  expected?: unknown;
  /** Which field or chunk the check was about, e.g. "chunks[3].byteLength". */
  field?: string;
  [key: string]: unknown;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    readonly detail: ProtocolErrorDetail = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

/** Throws a ProtocolError whose message names the field, the bad value and the expected one. */
export function fail(code: ProtocolErrorCode, field: string, got: unknown, expected: unknown, hint = ''): never {
  const text = `${field} is ${show(got)}, expected ${show(expected)}${hint ? ` (${hint})` : ''}`;
  throw new ProtocolError(code, text, { field, got, expected });
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (Array.isArray(value)) return `[${value.slice(0, 8).map(show).join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  return String(value);
}
