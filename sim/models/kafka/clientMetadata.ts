/**
 * A client's metadata cache (clients/.../Metadata.java, NetworkClient's MetadataUpdater): the
 * leader and leader epoch of each partition the client uses. It refreshes from one reachable
 * broker (rotating), at most one request in flight, on demand (NOT_LEADER_OR_FOLLOWER,
 * disconnects, a partition without a leader, retried every retry.backoff.ms while one remains)
 * and every metadata.max.age.ms. A newer leader epoch always wins over an older one.
 */
import type { Simulation, Timer } from '../../engine/index.ts';
import { brokerNodeName } from './brokerContext.ts';
import type { Message, PartitionState } from './messages.ts';

export interface ClientMetadataPorts {
  sim: Simulation;
  clientId: string;
  brokerIds: number[];
  partitionIndexes: number[];
  retryBackoffUs: number;
  requestTimeoutUs: number;
  metadataMaxAgeUs: number;
  /** Sends to a broker; false when the connection is refused. */
  send(to: string, message: Message): boolean;
  isReachable(broker: number): boolean;
  nextRequestId(): number;
  /** The connection to `broker` failed (refused or timed out). */
  onDisconnect(broker: number, reason: DisconnectReason): void;
  /** New metadata arrived. */
  onUpdate(): void;
}

/** Why a client lost its connection to a broker. */
export type DisconnectReason =
  | 'connection refused'
  | 'connection reset'
  | 'closed by broker'
  | 'request timeout'
  | 'metadata request timeout';

/**
 * True when the client itself closed the connection: NetworkClient closes a connection whose
 * request timed out (handleTimedOutRequests), and the broker sees its FIN.
 */
export function closedByClient(reason: DisconnectReason): boolean {
  return reason === 'request timeout' || reason === 'metadata request timeout';
}

export class ClientMetadata {
  readonly leader: number[];
  readonly leaderEpoch: number[];
  readonly #ports: ClientMetadataPorts;
  readonly #localOf = new Map<number, number>();
  #requestId = 0;
  #requestBroker = -1;
  #nextBroker = 0;
  #retryTimer: Timer | null = null;
  refreshes = 0;
  /** Counts changes of `leader`: a cache built from it is stale when this moved. */
  version = 0;

  constructor(ports: ClientMetadataPorts, initial: PartitionState[]) {
    this.#ports = ports;
    this.leader = ports.partitionIndexes.map(() => -1);
    this.leaderEpoch = ports.partitionIndexes.map(() => -1);
    ports.partitionIndexes.forEach((index, local) => this.#localOf.set(index, local));
    this.apply(initial);
  }

  start(): void {
    this.#ports.sim.schedule(this.#ports.metadataMaxAgeUs, 'client/metadataMaxAge', () => {
      this.refresh();
      this.start();
    });
  }

  /** The known leader of partition `index` (by catalog index), or -1. */
  leaderOf(index: number): number {
    const local = this.#localOf.get(index);
    return local === undefined ? -1 : (this.leader[local] ?? -1);
  }

  /** The known leader epoch of partition `index` (by catalog index), or -1. */
  epochOf(index: number): number {
    const local = this.#localOf.get(index);
    return local === undefined ? -1 : (this.leaderEpoch[local] ?? -1);
  }

  /** Overrides one leader (KIP-951: an error response named the new leader). */
  setLeader(local: number, broker: number): void {
    if (this.leader[local] !== broker) this.version++;
    this.leader[local] = broker;
  }

  apply(partitions: PartitionState[]): void {
    for (const state of partitions) {
      const local = this.#localOf.get(state.partitionIndex);
      if (local === undefined || state.leaderEpoch < (this.leaderEpoch[local] as number)) continue;
      if (this.leader[local] !== state.leader) this.version++;
      this.leader[local] = state.leader;
      this.leaderEpoch[local] = state.leaderEpoch;
    }
  }

  refresh(): void {
    if (this.#requestId !== 0) return;
    const ports = this.#ports;
    const brokers = ports.brokerIds;
    let chosen = -1;
    for (let step = 0; step < brokers.length; step++) {
      const broker = brokers[(this.#nextBroker + step) % brokers.length] as number;
      if (ports.isReachable(broker)) {
        chosen = broker;
        this.#nextBroker = (this.#nextBroker + step + 1) % brokers.length;
        break;
      }
    }
    if (chosen < 0) {
      this.#retryLater();
      return;
    }
    const requestId = ports.nextRequestId();
    this.#requestId = requestId;
    this.#requestBroker = chosen;
    this.refreshes++;
    if (!ports.send(brokerNodeName(chosen), { kind: 'metadataRequest', requestId })) {
      this.#requestId = 0;
      ports.onDisconnect(chosen, 'connection refused');
      return;
    }
    ports.sim.schedule(ports.requestTimeoutUs, 'client/metadataTimeout', () => {
      if (this.#requestId !== requestId) return;
      this.#requestId = 0;
      ports.onDisconnect(chosen, 'metadata request timeout');
    });
  }

  /** Applies the response to the request in flight; false for any other (a stale one). */
  onResponse(message: Extract<Message, { kind: 'metadataResponse' }>): boolean {
    if (message.requestId !== this.#requestId) return false;
    this.#requestId = 0;
    this.apply(message.partitions);
    if (this.leader.some((leader) => leader < 0)) this.#retryLater();
    this.#ports.onUpdate();
    return true;
  }

  /** The connection to `broker` is gone: a metadata request in flight to it is abandoned. */
  onDisconnect(broker: number): void {
    if (this.#requestId !== 0 && this.#requestBroker === broker) this.#requestId = 0;
  }

  #retryLater(): void {
    if (this.#retryTimer !== null) return;
    this.#retryTimer = this.#ports.sim.schedule(
      this.#ports.retryBackoffUs,
      'client/metadataRetry',
      () => {
        this.#retryTimer = null;
        this.refresh();
      },
    );
  }
}
