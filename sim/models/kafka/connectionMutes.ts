/**
 * One request at a time per connection (core/.../network/SocketServer.scala, Processor): once a
 * request is read its channel is muted (processCompletedReceives: selector.mute) until its
 * response has been sent (processCompletedSends) or, with acks=0, its no-op response passed
 * (processNewResponses), so requests a client pipelines (max.in.flight.requests.per.connection)
 * wait unread in the socket behind one that sits in a purgatory. Clients keep one connection per
 * broker, consumers a second one to their group coordinator (AbstractCoordinator connects to a
 * node with id Integer.MAX_VALUE - broker id), and each replica fetcher thread its own.
 */
import { assert, Fifo } from '../../engine/index.ts';
import { COORDINATOR_REQUEST_KINDS, type Message } from './messages.ts';

/** Requests a client may have pipelined on one connection (a bound, not a Kafka setting). */
export const PIPELINED_REQUESTS_MAX = 10_000;

const COORDINATOR_KINDS: ReadonlySet<Message['kind']> = new Set(COORDINATOR_REQUEST_KINDS);

/** Whether an answer of `kind` comes on the coordinator connection (else the main one). */
export function onCoordinatorChannel(kind: Message['kind']): boolean {
  return COORDINATOR_KINDS.has(kind.replace(/Response$/, 'Request') as Message['kind']);
}

/** The channel of replica fetcher thread `fetcherIndex`'s connection. */
export function fetcherChannel(fetcherIndex: number): number {
  return 2 + fetcherIndex;
}

/** The channel a request came on: 0 the client's connection to the broker, 1 its connection to
 * the group coordinator, fetcherChannel(i) replica fetcher thread i. A close or reset names its
 * own. */
export function channelOf(request: Message): number {
  if (request.kind === 'connectionClose' || request.kind === 'connectionReset') {
    return request.channel;
  }
  if (request.kind === 'fetchRequest' && request.replicaId >= 0) {
    return fetcherChannel(request.fetcherIndex);
  }
  return COORDINATOR_KINDS.has(request.kind) ? 1 : 0;
}

function connectionName(peer: string, channel: number): string {
  if (channel === 0) return `${peer}|main`;
  return channel === 1 ? `${peer}|coordinator` : `${peer}|fetcher-${channel - 2}`;
}

/** The connection a request from `peer` came on. */
export function connectionOf(request: Message, peer: string): string {
  return connectionName(peer, channelOf(request));
}

interface Muted {
  /** The request being handled; its answer unmutes the connection. */
  current: Message;
  /** Requests pipelined behind it, unread, each with its peer (made when the first comes). */
  waiting: Fifo<{ request: Message; peer: string }> | null;
}

/** A connection its client closed while requests were pipelined on it. */
interface Closed {
  connection: string;
  muted: Muted;
}

export class ConnectionMutes {
  readonly #muted = new Map<string, Muted>();
  /** Closed connections still read until the client's reset, by the request being handled. */
  readonly #closed = new Map<Message, Closed>();
  /** Requests whose connection was gone when they were answered: no answer goes out. */
  readonly #orphans = new WeakSet<Message>();
  /** Each peer's connection names by channel (main, coordinator, fetcher threads), made once. */
  readonly #names = new Map<string, string[]>();
  readonly #where: string;
  /** Reads a request (the broker's network thread takes it up). */
  readonly #read: (request: Message, peer: string) => void;

  constructor(where: string, read: (request: Message, peer: string) => void) {
    this.#where = where;
    this.#read = read;
  }

  get mutedCount(): number {
    return this.#muted.size;
  }

  /** connectionOf(request, peer), without building the string again for every request. */
  connectionOf(request: Message, peer: string): string {
    const channel = channelOf(request);
    let names = this.#names.get(peer);
    if (names === undefined) {
      names = [];
      this.#names.set(peer, names);
    }
    return (names[channel] ??= connectionName(peer, channel));
  }

  /** Reads `request` now if its connection is free, else once the requests ahead are answered. */
  admit(connection: string, request: Message, peer: string): void {
    const muted = this.#muted.get(connection);
    if (muted === undefined) {
      // Most connections carry one request at a time: the queue is made only when needed.
      this.#muted.set(connection, { current: request, waiting: null });
      this.#read(request, peer);
      return;
    }
    muted.waiting ??= new Fifo();
    if (muted.waiting.length >= PIPELINED_REQUESTS_MAX) {
      assert(
        false,
        `${this.#where}: more than ${PIPELINED_REQUESTS_MAX} requests on ${connection}`,
      );
    }
    muted.waiting.push({ request, peer });
  }

  /** `request` was answered (or needs no answer): the next pipelined one is read. A request
   * of a connection that closed meanwhile unmutes nothing. */
  release(connection: string, request: Message): void {
    const muted = this.#muted.get(connection);
    if (muted !== undefined && muted.current === request) {
      const next = muted.waiting?.shift();
      if (next === undefined) {
        this.#muted.delete(connection);
        return;
      }
      muted.current = next.request;
      this.#read(next.request, next.peer);
      return;
    }
    const closed = this.#closed.get(request);
    if (closed === undefined) return;
    this.#closed.delete(request);
    const next = closed.muted.waiting?.shift();
    if (next === undefined) return;
    closed.muted.current = next.request;
    this.#closed.set(next.request, closed);
    this.#read(next.request, next.peer);
  }

  /**
   * The client closed `connection` (NetworkClient closes it when a request times out) and its FIN
   * arrived. The client's next connection starts unmuted. The old one is muted, so the broker
   * does not see the end of the stream yet: once the answer being made is written it reads the
   * next request the client had pipelined (the bytes before the FIN), and so on, until the
   * client's kernel answers an answer with a reset (reset()). With nothing pipelined, the answer
   * being made is the last: it is dropped (the client would ignore it).
   */
  close(connection: string): void {
    const muted = this.#muted.get(connection);
    if (muted === undefined) return;
    this.#muted.delete(connection);
    if (muted.waiting === null || muted.waiting.length === 0) this.#orphans.add(muted.current);
    else this.#closed.set(muted.current, { connection, muted });
  }

  /**
   * The client reset a connection it had closed (an answer reached its closed socket): the
   * requests still pipelined are gone, and the answer being made has no socket to go to
   * (SocketServer drops a response for a channel that is no longer open).
   */
  reset(connection: string): void {
    for (const [request, closed] of [...this.#closed]) {
      if (closed.connection !== connection) continue;
      this.#orphans.add(request);
      this.#closed.delete(request);
    }
  }

  /** True when `request`'s connection was gone before its answer: the answer is dropped. */
  orphaned(request: Message): boolean {
    return this.#orphans.has(request);
  }

  /** The peer's connections closed: what it pipelined is gone with them. */
  dropPeer(peer: string): void {
    const prefix = `${peer}|`;
    for (const connection of [...this.#muted.keys()]) {
      if (connection.startsWith(prefix)) this.#muted.delete(connection);
    }
    for (const [request, closed] of [...this.#closed]) {
      if (closed.connection.startsWith(prefix)) this.#closed.delete(request);
    }
  }

  clear(): void {
    this.#muted.clear();
    this.#closed.clear();
  }
}
