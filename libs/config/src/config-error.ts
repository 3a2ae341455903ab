/** Typed configuration and command-line errors with a stable `code`. */
export type ConfigErrorCode = 'UNKNOWN_KEY' | 'BAD_VALUE' | 'BAD_FLAG' | 'BAD_FILE';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
