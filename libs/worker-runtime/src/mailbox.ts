/**
 * The worker's receive side, in the manner of ps-lite's Van::Receiving: one loop
 * takes every message from the coordinator and hands data to the data plane and
 * control messages to their handlers:
 *
 *   AVERAGED       -> the gradient client (gradient-client.ts)
 *   HEARTBEAT      -> nothing (it only proves the coordinator is alive)
 *   SHUTDOWN       -> stops the worker with the coordinator's exit code
 *   ERROR          -> fatal: stops the worker (exit 1); RUN_FULL: the spare's
 *                     re-registration (registration.ts); else a warning
 *   STATE_REQUEST  -> checkpoints and rejoins (state-server.ts)
 *   ASSIGN         -> a re-shard, once this rank trains
 *
 * What no handler takes (the rank assignment, the initial state and its request,
 * the final SHUTDOWN) waits in a small inbox for `expect`. Every string from the
 * wire is escaped with peerText where it enters a log line.
 */
import { peerText, type Logger } from '@acgan/config';
import { MessageType, phaseFromWire, type ClientTransport, type Envelope, type ProtocolMessage } from '@acgan/protocol';
import type { Seat } from './assignment.ts';
import { WorkerExit } from './worker-exit.ts';

/** Each returns true when it took the message; false sends it on to a waiter or the inbox. */
export interface MailboxHandlers {
  averaged(msg: ProtocolMessage): void;
  /** ERROR RUN_FULL: the run has all its ranks (this worker waits as a spare). */
  runFull(text: string): boolean;
  /** ASSIGN after this rank joined the run: a re-shard. */
  assign(msg: ProtocolMessage): boolean;
  stateRequest(env: Envelope): boolean;
}

export interface MailboxOptions {
  transport: ClientTransport;
  /** Whose session the messages must carry (once this rank has one). */
  seat: Readonly<Seat>;
  /** Aborted with a WorkerExit to stop the worker: by SHUTDOWN or a fatal ERROR here, by the watchdog. */
  stop: AbortController;
  log: Logger;
  /** Called for every well-formed message (the watchdog's sign of life). */
  onHeard?: () => void;
}

/** Control messages kept for a later `expect`; more are dropped with a warning. */
const INBOX_LIMIT = 8;

interface Waiter {
  types: MessageType[];
  resolve: (msg: ProtocolMessage | undefined) => void;
}

export class Mailbox {
  private handlers: Partial<MailboxHandlers> = {};
  private waiters: Waiter[] = [];
  private readonly inbox: ProtocolMessage[] = [];
  private readonly log: Logger;

  constructor(private readonly opts: MailboxOptions) {
    this.log = opts.log;
    opts.stop.signal.addEventListener('abort', () => {
      for (const w of this.waiters.splice(0)) w.resolve(undefined);
    });
  }

  /** Sets handlers (components come up one after the other: registration, then training). */
  handle(handlers: Partial<MailboxHandlers>): void {
    Object.assign(this.handlers, handlers);
  }

  /** The receive loop; ends when the transport closes. */
  async run(): Promise<void> {
    for await (const item of this.opts.transport.messages()) {
      if (item.error) {
        this.log.warn(`dropped a bad message from the coordinator: ${peerText(item.error.message, 300)}`);
        continue;
      }
      const msg = item.msg!;
      const env = msg.envelope as Envelope;
      this.opts.onHeard?.();
      try {
        this.dispatch(msg, env);
      } catch (err) {
        this.log.error(`handling ${MessageType[env.type]} failed: ${(err as Error).message}`);
      }
    }
  }

  /** Waits for the next message of one of the types, with a deadline; throws the stop reason once stopped. */
  async expect(types: MessageType | MessageType[], what: string, timeoutMs: number): Promise<ProtocolMessage> {
    const { signal } = this.opts.stop;
    signal.throwIfAborted();
    const wanted = Array.isArray(types) ? types : [types];
    const early = this.inbox.findIndex((m) => wanted.includes((m.envelope as Envelope).type));
    if (early >= 0) return this.inbox.splice(early, 1)[0];
    let timer: NodeJS.Timeout | undefined;
    const waiter: Waiter = { types: wanted, resolve: () => {} };
    const got = await Promise.race([
      new Promise<ProtocolMessage | undefined>((resolve) => {
        waiter.resolve = resolve;
        this.waiters.push(waiter);
      }),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    signal.throwIfAborted();
    if (!got) throw new WorkerExit(3, `no ${what} from the coordinator within ${timeoutMs} ms`);
    return got;
  }

  private stop(err: WorkerExit): void {
    // The first reason wins (AbortController ignores later ones).
    this.opts.stop.abort(err);
  }

  private dispatch(msg: ProtocolMessage, env: Envelope): void {
    const { session } = this.opts.seat;
    if (session && env.type !== MessageType.ASSIGN && env.session !== session) {
      this.log.warn(`dropped ${MessageType[env.type]} of session "${peerText(env.session, 64)}", expected ${session}`);
      return;
    }
    const h = this.handlers;
    switch (env.type) {
      case MessageType.HEARTBEAT:
        return;
      case MessageType.AVERAGED:
        if (h.averaged) return h.averaged(msg);
        this.log.warn(`dropped AVERAGED for step ${env.step} phase ${phaseFromWire(env.phase)}: expected none`);
        return;
      case MessageType.SHUTDOWN: {
        const code = env.shutdown?.exitCode ?? 0;
        return this.stop(new WorkerExit(code, `coordinator shut the run down: ${peerText(env.shutdown?.reason, 2000)} (exit ${code})`));
      }
      case MessageType.ERROR:
        if (env.error?.fatal) {
          return this.stop(new WorkerExit(1, `coordinator refused this worker: [${peerText(env.error.code, 64)}] ${peerText(env.error.message, 2000)}`));
        }
        if (env.error?.code === 'RUN_FULL' && h.runFull?.(env.error.message ?? '')) return;
        this.log.warn(`coordinator reports [${peerText(env.error?.code, 64)}] ${peerText(env.error?.message, 2000)}`);
        return;
      case MessageType.ASSIGN:
        if (h.assign?.(msg)) return;
        break;
      case MessageType.STATE_REQUEST:
        if (h.stateRequest?.(env)) return;
        break;
    }
    this.deliver(msg, env);
  }

  /** To the first waiter for this type, else into the inbox. */
  private deliver(msg: ProtocolMessage, env: Envelope): void {
    const idx = this.waiters.findIndex((w) => w.types.includes(env.type));
    if (idx >= 0) {
      this.waiters.splice(idx, 1)[0].resolve(msg);
      return;
    }
    if (this.inbox.length >= INBOX_LIMIT) {
      this.log.warn(`dropped unexpected ${MessageType[env.type]} from the coordinator (inbox full)`);
      return;
    }
    this.inbox.push(msg);
  }
}
