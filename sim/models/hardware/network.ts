/**
 * The network: every node has a full-duplex NIC (an egress and an ingress line, see nic.ts) and a
 * zone; a message occupies the sender's egress and the receiver's ingress at the same time and is
 * delivered one propagation delay after both have moved its bytes. Links carry two classes:
 * 'data' (client and replication traffic) and 'control' (controller heartbeats and metadata).
 * Faults: a node can be down (its queued transfers are dropped; peers get a connection reset one
 * delay later, as the kernel of a crashed process sends RST), isolated (every link cut, no reset:
 * requests time out), or a set of data links can be cut between two groups (controller links
 * untouched). Messages are dropped when a link is cut at send or at delivery time.
 */
import { assert, type Simulation } from '../../engine/index.ts';
import { NicLine } from './nic.ts';

export type LinkClass = 'data' | 'control';

export interface NetworkSpec {
  sameZoneLatencyUs: number;
  crossZoneLatencyUs: number;
}

export interface NetworkNode<M> {
  name: string;
  zone: string;
  egress: NicLine;
  ingress: NicLine;
  deliver: (message: M, from: string) => void;
  onConnectionReset: (peer: string) => void;
}

export class Network<M> {
  readonly #sim: Simulation;
  readonly #spec: NetworkSpec;
  readonly #nodes = new Map<string, NetworkNode<M>>();
  readonly #down = new Set<string>();
  readonly #isolated = new Set<string>();
  /** Cut data links as "a|b" keys, both directions. */
  readonly #cutLinks = new Map<string, number>();
  #messagesSent = 0;
  #messagesDropped = 0;

  constructor(sim: Simulation, spec: NetworkSpec) {
    this.#sim = sim;
    this.#spec = spec;
  }

  get messagesSent(): number {
    return this.#messagesSent;
  }

  get messagesDropped(): number {
    return this.#messagesDropped;
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
    assert(node !== undefined, `network: unknown node ${name}`);
    return node;
  }

  latencyUs(from: string, to: string): number {
    if (from === to) return 0;
    const sameZone = this.node(from).zone === this.node(to).zone;
    return sameZone ? this.#spec.sameZoneLatencyUs : this.#spec.crossZoneLatencyUs;
  }

  connected(from: string, to: string, linkClass: LinkClass): boolean {
    if (this.#down.has(from) || this.#down.has(to)) return false;
    if (this.#isolated.has(from) || this.#isolated.has(to)) return false;
    if (linkClass === 'control') return true;
    return !this.#cutLinks.has(linkKey(from, to));
  }

  /**
   * Sends `message` of `bytes`, leaving `departDelayUs` from now (the sender's CPU time to build
   * it). Returns false when an end is down (the connection is refused or
   * reset at once); a message over an isolated or cut link is accepted and silently lost, as TCP
   * would retransmit into the void until the sender's request timeout.
   */
  send(
    from: string,
    to: string,
    message: M,
    bytes: number,
    linkClass: LinkClass = 'data',
    departDelayUs = 0,
  ): boolean {
    this.#messagesSent++;
    if (this.#down.has(from) || this.#down.has(to)) {
      this.#messagesDropped++;
      return false;
    }
    if (!this.connected(from, to, linkClass)) {
      this.#messagesDropped++;
      return true;
    }
    const nowUs = this.#sim.nowUs;
    const sentUs = this.node(from).egress.reserve(nowUs + departDelayUs, bytes);
    const receivedUs = this.node(to).ingress.reserve(nowUs + departDelayUs, bytes);
    const deliverAtUs = Math.max(sentUs, receivedUs) + this.latencyUs(from, to);
    this.#sim.scheduleAt(deliverAtUs, 'network/deliver', () => {
      if (!this.connected(from, to, linkClass)) {
        this.#messagesDropped++;
        return;
      }
      this.node(to).deliver(message, from);
    });
    return true;
  }

  /** A node's process stops: its transfers end and its peers see a reset. */
  setDown(name: string, down: boolean): void {
    if (!down) {
      this.#down.delete(name);
      return;
    }
    this.#down.add(name);
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
  }

  nodes(): IterableIterator<NetworkNode<M>> {
    return this.#nodes.values();
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
