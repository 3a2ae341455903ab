// The one error type of the data library. Callers branch on `code` (stable
// strings), people read `message`, which names the file (and record when there
// is one) and says what was expected.

export type DataErrorCode =
  | 'BAD_SPEC' // dataset spec string or options malformed
  | 'UNKNOWN_KIND' // dataset kind not one of the known readers
  | 'MISSING_PATH' // a file or folder the reader needs does not exist
  | 'BAD_FORMAT' // a file is not what its name says (magic, header, layout)
  | 'TRUNCATED' // a file is shorter (or longer) than its header or manifest says
  | 'DECODE_FAILED' // an image file could not be decoded
  | 'EMPTY_CLASS' // a class folder holds no image
  | 'LABEL_OUT_OF_RANGE' // a label is not in [0, numClasses)
  | 'SPEC_MISMATCH' // stored image size/channels differ from the requested ImageSpec
  | 'CHECKSUM_MISMATCH' // a shard's bytes do not hash to the manifest's checksum
  | 'IO_ERROR' // the operating system failed a read or write
  | 'INDEX_OUT_OF_RANGE' // read() asked for a record outside [0, size)
  | 'BAD_ARGUMENT' // an argument of a library function is invalid
  | 'OUTPUT_IN_USE' // an output folder holds another dataset's files
  | 'CLOSED' // use after close()
  | 'STREAM_ENDED'; // next() called after the stream's endStep

export class DataError extends Error {
  override readonly name = 'DataError';
  readonly code: DataErrorCode;
  /** The file the error is about, when there is one. */
  readonly file?: string;
  /** The record (sample index within the file or dataset), when there is one. */
  readonly record?: number;

  constructor(code: DataErrorCode, message: string, where: { file?: string; record?: number; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.code = code;
    if (where.file !== undefined) this.file = where.file;
    if (where.record !== undefined) this.record = where.record;
  }
}

/** True when `err` is a Node.js system error with the given errno code (e.g. 'ENOENT'). */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
