/**
 * The network: every node has a full-duplex NIC (an egress and an ingress line, see nic.ts) and a
 * zone; a message occupies the sender's egress and the receiver's ingress at the same time and is
 * delivered one propagation delay after both have moved its bytes. Links carry two classes:
 * 'data' (client and replication traffic) and 'control' (controller heartbeats and metadata).
 * Faults: a node can be down (its queued transfers are dropped; peers get a connection reset one
 * delay later, as the kernel of a crashed process sends RST), isolated (every link cut, no reset),
 * or a set of data links can be cut between two groups (controller links untouched). Data sent
 * over a cut link (or reaching one on the way) is held by TCP, which retransmits it with Linux's
 * backoff (RTO from 200 ms plus the round trip, doubling up to 120 s, at most tcp_retries2 = 15
 * times): after the link heals it arrives at the next retransmission, in order, and what the
 * connection sends meanwhile waits behind it. Whether the sender still wants it (its request may
 * have timed out) is the receiver's and sender's business, as with real sockets. Control traffic
 * over a cut link is lost: KRaft brokers pull metadata and heartbeat on their own schedule, so
 * what counts after a heal is their next request, not a retransmission of a push.
 */
import { assert, type Simulation, type Timer } from '../../engine/index.ts';
import { NicLine } from './nic.ts';

/** Linux TCP_RTO_MIN; the first RTO is this plus the round trip. */
export const TCP_RTO_MIN_US = 200_000;
/** Linux TCP_RTO_MAX. */
export const TCP_RTO_MAX_US = 120_000_000;
/** net.ipv4.tcp_retries2: retransmissions before the connection is given up. */
export const TCP_RETRIES_MAX = 15;
/** What one connection holds unacknowledged (a socket send buffer, tcp_wmem's maximum). */
export const TCP_HELD_BYTES_MAX = 4 * 2 ** 20;

interface Held<M> {
  from: string;
  to: string;
  linkClass: LinkClass;
  firstSentUs: number;
  bytes: number;
  /** In send order (by departure time, then as sent). */
  messages: Array<{ message: M; bytes: number; sentUs: number }>;
  timer: Timer | null;
}

export type LinkClass = 'data' | 'control';

export interface NetworkSpec<M = unknown> {
  sameZoneLatencyUs: number;
  crossZoneLatencyUs: number;
  /**
   * The TCP connection a message travels on, as seen from its sender: requests a node sends as a
   * client and responses it sends as a server use different connections, so one does not wait
   * behind the other's retransmissions. One stream when left out.
   */
  streamOf?: (message: M) => string;
  /** The kind of traffic a message is, for the cross-zone byte counts ('other' when left out). */
  trafficOf?: (message: M, from: string, to: string) => string;
}

/** A message on its way: one object per message, delivered by Network's one handler. */
class InFlight<M> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly receiver: NetworkNode<M>,
    readonly message: M,
    readonly bytes: number,
    readonly linkClass: LinkClass,
    readonly departUs: number,
    readonly deliverAtUs: number,
  ) {}
}

export interface NetworkNode<M> {
  name: string;
  zone: string;
  egress: NicLine;
  ingress: NicLine;
  deliver: (message: M, from: string) => void;
  onConnectionReset: (peer: string) => void;
}

/**
 * Sees messages as they leave and arrive (the trace's request-level detail window); the runner
 * sets it only inside the window, so outside it a message costs one null check.
 */
export interface NetworkObserver<M> {
  sent(from: string, to: string, message: M, atUs: number): void;
  delivered(from: string, to: string, message: M, atUs: number): void;
}

export class Network<M> {
  observer: NetworkObserver<M> | null = null;
  readonly #sim: Simulation;
  readonly #spec: NetworkSpec<M>;
  readonly #nodes = new Map<string, NetworkNode<M>>();
  readonly #down = new Set<string>();
  /** Down nodes whose process is starting: their control links already work (setStarting). */
  readonly #starting = new Set<string>();
  readonly #isolated = new Set<string>();
  /** Cut data links as "a|b" keys, both directions. */
  readonly #cutLinks = new Map<string, number>();
  /** Unacknowledged data per connection (`from>to>class`), in send order. */
  readonly #held = new Map<string, Held<M>>();
  /** Bytes sent between nodes in different zones, per kind of traffic (spec.trafficOf). */
  readonly crossZoneBytes = new Map<string, number>();
  #messagesSent = 0;
  #messagesDropped = 0;
  #messagesRetransmitted = 0;

  constructor(sim: Simulation, spec: NetworkSpec<M>) {
    this.#sim = sim;
    this.#spec = spec;
  }

  get messagesSent(): number {
    return this.#messagesSent;
  }

  get messagesDropped(): number {
    return this.#messagesDropped;
  }

  /** Messages that arrived by a TCP retransmission after a cut link healed. */
  get messagesRetransmitted(): number {
    return this.#messagesRetransmitted;
  }

  addNode(
    name: string,
    zone: string,
    nicBytesPerSec: number,
    deliver: (message: M, from: string) => void,
    onConnectionReset: (peer: string) => void = () => {},
  ): NetworkNode<M> {
    assert(!this.#nodes.has(name), `network: node ${name} added twice`);
    const node: NetworkNode<M> = {
      name,
      zone,
      egress: new NicLine(`${name}/nic/egress`, nicBytesPerSec),
      ingress: new NicLine(`${name}/nic/ingress`, nicBytesPerSec),
      deliver,
      onConnectionReset,
    };
    this.#nodes.set(name, node);
    return node;
  }

  node(name: string): NetworkNode<M> {
    const node = this.#nodes.get(name);
    // Twice per message: the error message is built only when the check fails.
    if (node === undefined) assert(false, `network: unknown node ${name}`);
    return node;
  }

  latencyUs(from: string, to: string): number {
    return from === to ? 0 : this.#latencyBetween(this.node(from), this.node(to));
  }

  #latencyBetween(from: NetworkNode<M>, to: NetworkNode<M>): number {
    if (from === to) return 0;
    const sameZone = from.zone === to.zone;
    return sameZone ? this.#spec.sameZoneLatencyUs : this.#spec.crossZoneLatencyUs;
  }

  connected(from: string, to: string, linkClass: LinkClass): boolean {
    // Checked twice per message: the common case (no fault anywhere) looks nothing up.
    if (this.#down.size > 0 && this.#blocked(from, to, linkClass)) return false;
    const isolated = this.#isolated;
    if (isolated.size > 0 && (isolated.has(from) || isolated.has(to))) return false;
    if (linkClass === 'control' || this.#cutLinks.size === 0) return true;
    return !this.#cutLinks.has(linkKey(from, to));
  }

  /**
   * Sends `message` of `bytes`, leaving `departDelayUs` from now (the sender's CPU time to build
   * it). Returns false when an end is down (the connection is refused or reset at once); over an
   * isolated or cut link the message is accepted and held for retransmission.
   */
  send(
    from: string,
    to: string,
    message: M,
    bytes: number,
    linkClass: LinkClass = 'data',
    departDelayUs = 0,
    refuseWhenFull = false,
  ): boolean {
    this.#messagesSent++;
    if (this.#down.size > 0 && this.#blocked(from, to, linkClass)) {
      this.#messagesDropped++;
      return false;
    }
    const departUs = this.#sim.nowUs + departDelayUs;
    // Recorded once, when it leaves: a message held on a cut link arrives later or never.
    if (this.observer !== null) this.observer.sent(from, to, message, departUs);
    if (this.#held.size > 0 || !this.connected(from, to, linkClass)) {
      const key = this.#heldKey(from, to, linkClass, message);
      if (this.#held.has(key) || !this.connected(from, to, linkClass)) {
        const held = this.#hold(key, from, to, linkClass, message, bytes, departUs);
        return held || !refuseWhenFull;
      }
    }
    this.#transmit(from, to, message, bytes, linkClass, departUs);
    return true;
  }

  #heldKey(from: string, to: string, linkClass: LinkClass, message: M): string {
    const stream = this.#spec.streamOf?.(message) ?? '';
    return `${from}>${to}>${linkClass}>${stream}`;
  }

  #transmit(
    from: string,
    to: string,
    message: M,
    bytes: number,
    linkClass: LinkClass,
    departUs: number,
  ): void {
    const sender = this.node(from);
    const receiver = this.node(to);
    const sentUs = sender.egress.reserve(departUs, bytes);
    const receivedUs = receiver.ingress.reserve(departUs, bytes);
    const deliverAtUs = Math.max(sentUs, receivedUs) + this.#latencyBetween(sender, receiver);
    if (sender.zone !== receiver.zone) this.#countCrossZone(from, to, message, bytes);
    const flight = new InFlight(
      from,
      to,
      receiver,
      message,
      bytes,
      linkClass,
      departUs,
      deliverAtUs,
    );
    this.#sim.scheduleCall(deliverAtUs - this.#sim.nowUs, 'network/deliver', this.#arrive, flight);
  }

  /** A message reaches its receiver, unless an end went down or the link was cut meanwhile. */
  readonly #arrive = (flight: InFlight<M>): void => {
    const { from, to, linkClass, message } = flight;
    if (this.#down.size > 0 && this.#blocked(from, to, linkClass)) {
      this.#messagesDropped++;
      return;
    }
    if (!this.connected(from, to, linkClass)) {
      // Lost on the way: the sender's TCP retransmits it (before anything sent after it).
      const key = this.#heldKey(from, to, linkClass, message);
      this.#hold(key, from, to, linkClass, message, flight.bytes, flight.departUs);
      return;
    }
    if (this.observer !== null) this.observer.delivered(from, to, message, flight.deliverAtUs);
    flight.receiver.deliver(message, from);
  };

  #countCrossZone(from: string, to: string, message: M, bytes: number): void {
    const traffic = this.#spec.trafficOf?.(message, from, to) ?? 'other';
    this.crossZoneBytes.set(traffic, (this.crossZoneBytes.get(traffic) ?? 0) + bytes);
  }

  #hold(
    key: string,
    from: string,
    to: string,
    linkClass: LinkClass,
    message: M,
    bytes: number,
    sentUs: number,
  ): boolean {
    if (linkClass === 'control') {
      this.#messagesDropped++; // Lost; the next heartbeat or metadata fetch gets through.
      return true;
    }
    let held = this.#held.get(key);
    if (held === undefined) {
      held = { from, to, linkClass, firstSentUs: sentUs, bytes: 0, messages: [], timer: null };
      this.#held.set(key, held);
    }
    if (held.bytes + bytes > TCP_HELD_BYTES_MAX) {
      this.#messagesDropped++; // The socket's send buffer is full.
      return false;
    }
    held.bytes += bytes;
    held.firstSentUs = Math.min(held.firstSentUs, sentUs);
    // A message lost on the way goes before those sent after it.
    let index = held.messages.length;
    while (index > 0 && (held.messages[index - 1] as { sentUs: number }).sentUs > sentUs) index--;
    held.messages.splice(index, 0, { message, bytes, sentUs });
    if (this.connected(from, to, linkClass)) this.#scheduleRetransmit(key, held);
    return true;
  }

  /** After a heal: each held connection's data goes at its next retransmission time. */
  #retransmitHealed(): void {
    for (const [key, held] of this.#held) {
      if (held.timer === null && this.connected(held.from, held.to, held.linkClass)) {
        this.#scheduleRetransmit(key, held);
      }
    }
  }

  #scheduleRetransmit(key: string, held: Held<M>): void {
    if (held.timer !== null) return;
    const nowUs = this.#sim.nowUs;
    let rtoUs = TCP_RTO_MIN_US + 2 * this.latencyUs(held.from, held.to);
    let atUs = held.firstSentUs;
    for (let retry = 0; retry < TCP_RETRIES_MAX && atUs < nowUs; retry++) {
      atUs += rtoUs;
      rtoUs = Math.min(rtoUs * 2, TCP_RTO_MAX_US);
    }
    if (atUs < nowUs) {
      // tcp_retries2 ran out: the connection is dead and its data gone.
      this.#messagesDropped += held.messages.length;
      this.#held.delete(key);
      return;
    }
    held.timer = this.#sim.scheduleAt(atUs, 'network/retransmit', () => {
      held.timer = null;
      if (!this.connected(held.from, held.to, held.linkClass)) return; // Cut again: keep holding.
      this.#held.delete(key);
      if (this.#blocked(held.from, held.to, held.linkClass)) {
        this.#messagesDropped += held.messages.length;
        return;
      }
      this.#messagesRetransmitted += held.messages.length;
      for (const { message, bytes } of held.messages) {
        this.#transmit(held.from, held.to, message, bytes, held.linkClass, this.#sim.nowUs);
      }
    });
  }

  /**
   * A down node's process has started but does not serve yet (a KRaft broker registering with
   * the controller before its log recovery): its control links carry messages, the others
   * still refuse connections, until setDown(name, false).
   */
  setStarting(name: string): void {
    if (this.#down.has(name)) this.#starting.add(name);
  }

  /** An end of the link is down (on a control link, a starting node counts as up). */
  #blocked(from: string, to: string, linkClass: LinkClass): boolean {
    const down = this.#down;
    if (linkClass === 'control' && this.#starting.size > 0) {
      return (
        (down.has(from) && !this.#starting.has(from)) || (down.has(to) && !this.#starting.has(to))
      );
    }
    return down.has(from) || down.has(to);
  }

  /** A node's process stops: its transfers end and its peers see a reset. */
  setDown(name: string, down: boolean): void {
    this.#starting.delete(name);
    if (!down) {
      this.#down.delete(name);
      return;
    }
    this.#down.add(name);
    for (const [key, held] of [...this.#held]) {
      if (held.from !== name && held.to !== name) continue;
      if (held.timer !== null) this.#sim.cancel(held.timer);
      this.#messagesDropped += held.messages.length;
      this.#held.delete(key);
    }
    const node = this.node(name);
    node.egress.clear(this.#sim.nowUs);
    node.ingress.clear(this.#sim.nowUs);
    for (const peer of this.#nodes.values()) {
      if (peer.name === name) continue;
      if (this.#isolated.has(peer.name) || this.#isolated.has(name)) continue;
      this.#sim.schedule(this.latencyUs(name, peer.name), 'network/reset', () => {
        if (!this.#down.has(peer.name)) peer.onConnectionReset(name);
      });
    }
  }

  isDown(name: string): boolean {
    return this.#down.has(name);
  }

  setIsolated(name: string, isolated: boolean): void {
    if (isolated) this.#isolated.add(name);
    else this.#isolated.delete(name);
    if (!isolated) this.#retransmitHealed();
  }

  /** Cuts (or heals) the data links between every node of `groupA` and every node of `groupB`. */
  setCut(groupA: string[], groupB: string[], cut: boolean): void {
    for (const a of groupA) {
      for (const b of groupB) {
        const key = linkKey(a, b);
        const count = (this.#cutLinks.get(key) ?? 0) + (cut ? 1 : -1);
        if (count > 0) this.#cutLinks.set(key, count);
        else this.#cutLinks.delete(key);
      }
    }
    if (!cut) this.#retransmitHealed();
  }

  nodes(): IterableIterator<NetworkNode<M>> {
    return this.#nodes.values();
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
