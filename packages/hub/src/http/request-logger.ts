import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type LevelName = Level | 'silent';

/**
 * `request.log` of one request. pino's child logger (the request id on every line) is made when the request first
 * writes a line that its level lets through: most requests write none, and a child per request was ~5 % of an
 * idle sync's CPU. Lines that are written carry the same fields as before.
 */
class RequestLogger {
  #child: Logger | undefined;
  /** Fastify keeps its own flags on the request's logger. */
  [key: symbol]: unknown;

  readonly #root: Logger;
  readonly #bindings: Bindings;

  constructor(root: Logger, bindings: Bindings) {
    this.#root = root;
    this.#bindings = bindings;
  }

  get level(): string {
    return (this.#child ?? this.#root).level;
  }
  set level(level: string) {
    this.logger().level = level;
  }
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.#root).isLevelEnabled(level);
  }
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger().child(bindings, options);
  }

  private write(level: LevelName, args: unknown[]): void {
    if (level === 'silent' || !this.isLevelEnabled(level)) return;
    (this.logger()[level] as (...line: unknown[]) => void)(...args);
  }

  private logger(): Logger {
    this.#child ??= this.#root.child(this.#bindings);
    return this.#child;
  }
}

/** Fastify's childLoggerFactory: a lazy child, unless a route asked for its own level or serializers (none does today). */
export const createRequestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) => {
  if (Object.keys(options).length > 0) return logger.child(bindings, options);
  return new RequestLogger(logger as Logger, bindings) as unknown as FastifyBaseLogger;
};
