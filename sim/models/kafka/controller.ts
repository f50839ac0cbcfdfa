/**
 * The controller (KRaft: metadata/.../controller/{QuorumController,BrokerHeartbeatManager,
 * ReplicationControlManager}.java; ZooKeeper era: KafkaController). It tracks broker liveness by
 * heartbeats and fences a broker whose last contact is older than the session timeout
 * (broker.session.timeout.ms, or zookeeper.session.timeout.ms in ZooKeeper mode), then removes it
 * from every ISR and elects new leaders (clean or unclean, see election.ts), bumping leader epochs.
 * A restarted broker registers (in ZooKeeper mode only once the old session expired), receives
 * the metadata, and is unfenced once caught up; offline
 * partitions it can lead come back. AlterPartition requests from leaders change ISRs (rejected on
 * a stale partition epoch, and expansions to fenced brokers, KIP-841). Changes are committed after
 * the metadata log's append linger and a quorum round trip (KRaft) or after a per-partition cost
 * on the controller thread (ZooKeeper: ~5 ms a partition, Rao 2015), then pushed to brokers.
 * Preferred leaders are restored every leader.imbalance.check.interval when auto rebalance is on.
 */
import { assert, type Simulation, type Timer } from '../../engine/index.ts';
import type { LinkClass } from '../hardware/network.ts';
import { brokerNodeName } from './brokerContext.ts';
import type { PartitionCatalog } from './catalog.ts';
import { electLeader, preferredLeaderMoves } from './election.ts';
import type { Emit, ModelEvent } from './events.ts';
import type { Message, PartitionState } from './messages.ts';

export interface ControllerSpec {
  mode: 'kraft' | 'zookeeper';
  nodeName: string;
  brokerIds: number[];
  sessionTimeoutUs: number;
  /** Metadata commit: append linger plus a quorum round trip (KRaft), or a ZooKeeper write. */
  commitDelayUs: number;
  /** Controller-thread cost per partition changed (election, ISR update, request to brokers). */
  perPartitionChangeUs: number;
  /** Time for a new controller to take over, per partition (ZooKeeper: metadata load). */
  failoverBaseUs: number;
  failoverPerPartitionUs: number;
  autoLeaderRebalanceEnable: boolean;
  leaderImbalanceCheckIntervalUs: number;
}

interface BrokerRegistration {
  brokerEpoch: number;
  fenced: boolean;
  lastContactUs: number;
  fenceTimer: Timer | null;
  /** Metadata offset of the snapshot sent at registration: unfenced once the broker has it. */
  snapshotOffset: number;
  /** Metadata offset the broker reported in its previous heartbeat. */
  reportedOffset: number;
}

/** KRaft elects at most this many preferred leaders per run (ReplicationControlManager). */
const PREFERRED_ELECTIONS_MAX = 1000;
/** leader.imbalance.per.broker.percentage = 10 (ZooKeeper controller). */
const LEADER_IMBALANCE_RATIO = 0.1;

export type ControllerLink = (to: string, message: Message, linkClass: LinkClass) => void;

export class Controller {
  readonly #sim: Simulation;
  readonly #spec: ControllerSpec;
  readonly #catalog: PartitionCatalog;
  readonly #emit: Emit;
  readonly #link: ControllerLink;
  readonly #brokers = new Map<number, BrokerRegistration>();
  readonly partitions: PartitionState[];
  #busyUntilUs = 0;
  /** Leader and ISR changes decided but not yet committed, by partition. */
  readonly #uncommitted = new Map<number, ModelEvent[]>();
  #available = true;
  #metadataOffset = 0;
  /** Time spent without an active controller. */
  unavailableUs = 0;

  constructor(
    sim: Simulation,
    spec: ControllerSpec,
    catalog: PartitionCatalog,
    emit: Emit,
    link: ControllerLink,
  ) {
    this.#sim = sim;
    this.#spec = spec;
    this.#catalog = catalog;
    this.#emit = emit;
    this.#link = link;
    // The cluster starts settled: every broker registered and unfenced, preferred leaders.
    for (const brokerId of spec.brokerIds) {
      this.#brokers.set(brokerId, {
        brokerEpoch: 1,
        fenced: false,
        lastContactUs: 0,
        fenceTimer: null,
        snapshotOffset: 0,
        reportedOffset: 0,
      });
    }
    this.partitions = catalog.partitions.map((info) => ({
      partitionIndex: info.index,
      leader: info.replicas[0] ?? -1,
      leaderEpoch: 0,
      isr: [...info.replicas],
      replicas: [...info.replicas],
      partitionEpoch: 0,
    }));
    for (const brokerId of spec.brokerIds) this.#armFenceTimer(brokerId);
    if (spec.autoLeaderRebalanceEnable) this.#schedulePreferredElection();
  }

  isActive(brokerId: number): boolean {
    const registration = this.#brokers.get(brokerId);
    return registration !== undefined && !registration.fenced;
  }

  /** The initial metadata every broker and client starts with. */
  snapshot(): PartitionState[] {
    return this.partitions.map(copyState);
  }

  deliver(message: Message, from: string): void {
    if (!this.#available) return;
    switch (message.kind) {
      case 'brokerHeartbeat':
        this.#onHeartbeat(message, from);
        return;
      case 'alterPartition':
        this.#onAlterPartition(message, from);
        return;
      default:
        return;
    }
  }

  /** The active controller fails; a new one takes over after the failover time. */
  failover(): void {
    if (!this.#available) return;
    this.#available = false;
    const failoverUs =
      this.#spec.failoverBaseUs + this.#spec.failoverPerPartitionUs * this.partitions.length;
    this.#emit({
      kind: 'note',
      atUs: this.#sim.nowUs,
      entity: 'controller',
      message: `failover ${failoverUs}us`,
    });
    for (const registration of this.#brokers.values()) {
      if (registration.fenceTimer !== null) this.#sim.cancel(registration.fenceTimer);
      registration.fenceTimer = null;
    }
    this.#sim.schedule(failoverUs, 'controller/elected', () => {
      this.#available = true;
      this.unavailableUs += failoverUs;
      // The new controller grants every registered broker a fresh session.
      for (const brokerId of this.#brokers.keys()) this.#armFenceTimer(brokerId);
      this.#publish(this.partitions.map((state) => state.partitionIndex));
    });
  }

  /**
   * A heartbeat: registers a restarted broker (fenced, sent a snapshot), sends a snapshot to a
   * broker whose metadata has not moved for a heartbeat while behind (it missed a change while
   * cut off: KRaft brokers pull the metadata log from their last offset), and unfences a broker
   * that has caught up.
   */
  #onHeartbeat(message: Extract<Message, { kind: 'brokerHeartbeat' }>, from: string): void {
    const { broker: brokerId, brokerEpoch, caughtUp, metadataOffset } = message;
    const registration = this.#brokers.get(brokerId);
    assert(registration !== undefined, `controller: heartbeat from unknown broker ${brokerId}`);
    if (brokerEpoch !== registration.brokerEpoch) {
      // ZooKeeper: the crashed process's ephemeral /brokers/ids node lives until its session
      // expires, and registering over it fails (NodeExistsException): the new one waits.
      if (this.#spec.mode === 'zookeeper' && !registration.fenced) return;
      // A restarted broker registers: fenced until it has caught up with the metadata.
      if (!registration.fenced) this.#fence(brokerId, 'registered with a new epoch');
      registration.brokerEpoch = brokerEpoch;
      registration.snapshotOffset = this.#metadataOffset;
      this.#sendSnapshot(from);
    } else {
      const stuck = metadataOffset === registration.reportedOffset;
      if (metadataOffset < this.#metadataOffset && stuck) this.#sendSnapshot(from);
      if (registration.fenced && caughtUp && metadataOffset >= registration.snapshotOffset) {
        this.#unfence(brokerId);
      }
    }
    registration.reportedOffset = metadataOffset;
    this.#armFenceTimer(brokerId);
    this.#sendTo(from, {
      kind: 'brokerHeartbeatResponse',
      broker: brokerId,
      fenced: registration.fenced,
    });
  }

  #sendSnapshot(to: string): void {
    this.#sendTo(to, {
      kind: 'metadataDelta',
      offset: this.#metadataOffset,
      snapshot: true,
      partitions: this.snapshot(),
      fencedBrokers: this.#fencedBrokers(),
    });
  }

  #armFenceTimer(brokerId: number): void {
    const registration = this.#brokers.get(brokerId) as BrokerRegistration;
    registration.lastContactUs = this.#sim.nowUs;
    if (registration.fenceTimer !== null) this.#sim.cancel(registration.fenceTimer);
    registration.fenceTimer = this.#sim.schedule(
      this.#spec.sessionTimeoutUs,
      'controller/sessionExpired',
      () => {
        registration.fenceTimer = null;
        if (!registration.fenced) this.#fence(brokerId, 'session expired');
      },
    );
  }

  #fence(brokerId: number, reason: string): void {
    const registration = this.#brokers.get(brokerId) as BrokerRegistration;
    registration.fenced = true;
    this.#emit({
      kind: 'brokerFenced',
      atUs: this.#sim.nowUs,
      broker: brokerId,
      fenced: true,
      reason,
    });
    // Partitions it led first (they are unavailable), then the ISRs it leaves, as the
    // controller's state machines do.
    const led: number[] = [];
    const followed: number[] = [];
    for (const state of this.partitions) {
      const wasLeader = state.leader === brokerId;
      if (!wasLeader && !state.isr.includes(brokerId)) continue;
      if (!this.#reelect(state, `broker-${brokerId} fenced`)) continue;
      (wasLeader ? led : followed).push(state.partitionIndex);
    }
    this.#publish(led.concat(followed));
  }

  #unfence(brokerId: number): void {
    const registration = this.#brokers.get(brokerId) as BrokerRegistration;
    registration.fenced = false;
    this.#emit({
      kind: 'brokerFenced',
      atUs: this.#sim.nowUs,
      broker: brokerId,
      fenced: false,
      reason: 'caught up with the metadata',
    });
    const changed: number[] = [];
    for (const state of this.partitions) {
      if (state.leader >= 0 || !state.replicas.includes(brokerId)) continue;
      if (this.#reelect(state, `broker-${brokerId} unfenced`)) changed.push(state.partitionIndex);
    }
    this.#publish(changed);
  }

  /** Recomputes leader and ISR with the active brokers; returns true if anything changed. */
  #reelect(state: PartitionState, reason: string): boolean {
    const info = this.#catalog.partitions[state.partitionIndex];
    assert(info !== undefined, `controller: unknown partition ${state.partitionIndex}`);
    const result = electLeader({
      replicas: state.replicas,
      isr: state.isr,
      leader: state.leader,
      isActive: (broker) => this.isActive(broker),
      uncleanLeaderElectionEnable: info.uncleanLeaderElectionEnable,
    });
    const isrChanged = !sameMembers(result.isr, state.isr);
    if (result.leader === state.leader && !isrChanged) return false;
    if (result.leader !== state.leader) {
      state.leader = result.leader;
      state.leaderEpoch++;
      state.isr = result.isr;
      state.partitionEpoch++;
      this.#record(state.partitionIndex, {
        kind: 'leaderChange',
        atUs: this.#sim.nowUs,
        partition: info.name,
        leader: state.leader,
        leaderEpoch: state.leaderEpoch,
        isr: [...state.isr],
        reason,
        unclean: result.unclean,
      });
      return true;
    }
    state.isr = result.isr;
    state.partitionEpoch++;
    this.#record(state.partitionIndex, {
      kind: 'isrChange',
      atUs: this.#sim.nowUs,
      partition: info.name,
      isr: [...state.isr],
      reason,
    });
    return true;
  }

  #onAlterPartition(message: Extract<Message, { kind: 'alterPartition' }>, from: string): void {
    const state = this.partitions[message.partitionIndex];
    assert(state !== undefined, `controller: AlterPartition for unknown partition`);
    const info = this.#catalog.partitions[message.partitionIndex];
    const stale =
      message.broker !== state.leader ||
      message.leaderEpoch !== state.leaderEpoch ||
      message.partitionEpoch !== state.partitionEpoch;
    const addsFenced = message.newIsr.some(
      (broker) => !state.isr.includes(broker) && !this.isActive(broker),
    );
    const accepted = !stale && !addsFenced && message.newIsr.includes(state.leader);
    if (accepted) {
      const grew = message.newIsr.length > state.isr.length;
      state.isr = [...message.newIsr];
      state.partitionEpoch++;
      this.#record(state.partitionIndex, {
        kind: 'isrChange',
        atUs: this.#sim.nowUs,
        partition: info?.name ?? '?',
        isr: [...state.isr],
        reason: grew ? 'follower caught up' : 'follower out of sync',
      });
    }
    const respond = (): void =>
      this.#sendTo(from, {
        kind: 'alterPartitionResponse',
        partitionIndex: message.partitionIndex,
        accepted,
        state: copyState(state),
      });
    if (!accepted) {
      respond();
      return;
    }
    this.#publish([message.partitionIndex], respond);
  }

  #schedulePreferredElection(): void {
    this.#sim.schedule(
      this.#spec.leaderImbalanceCheckIntervalUs,
      'controller/preferredElection',
      () => {
        if (this.#available) this.#electPreferredLeaders();
        this.#schedulePreferredElection();
      },
    );
  }

  /** Auto leader rebalance (see preferredLeaderMoves). */
  #electPreferredLeaders(): void {
    const imbalanceRatio = this.#spec.mode === 'kraft' ? null : LEADER_IMBALANCE_RATIO;
    const moves = preferredLeaderMoves(
      this.partitions,
      (broker) => this.isActive(broker),
      imbalanceRatio,
      PREFERRED_ELECTIONS_MAX,
    );
    for (const { partitionIndex, leader } of moves) {
      const state = this.partitions[partitionIndex] as PartitionState;
      state.leader = leader;
      state.leaderEpoch++;
      state.partitionEpoch++;
      this.#record(partitionIndex, {
        kind: 'leaderChange',
        atUs: this.#sim.nowUs,
        partition: this.#catalog.partitions[partitionIndex]?.name ?? '?',
        leader,
        leaderEpoch: state.leaderEpoch,
        isr: [...state.isr],
        reason: 'preferred leader election',
        unclean: false,
      });
    }
    this.#publish(moves.map((move) => move.partitionIndex));
  }

  /** Holds a partition change until it commits: that is when it takes effect. */
  #record(partitionIndex: number, event: ModelEvent): void {
    const list = this.#uncommitted.get(partitionIndex) ?? [];
    list.push(event);
    this.#uncommitted.set(partitionIndex, list);
  }

  #emitCommitted(partitionIndex: number): void {
    const events = this.#uncommitted.get(partitionIndex);
    if (events === undefined) return;
    this.#uncommitted.delete(partitionIndex);
    for (const event of events) this.#emit({ ...event, atUs: this.#sim.nowUs });
  }

  /**
   * Commits changes and pushes them to every broker. The controller thread handles changes one
   * partition at a time (perPartitionChangeUs each), so a large failover publishes in chunks.
   */
  #publish(changed: number[], afterCommit: () => void = () => {}): void {
    if (changed.length === 0) {
      afterCommit();
      return;
    }
    const startUs = Math.max(this.#sim.nowUs, this.#busyUntilUs);
    const chunkSize = this.#spec.perPartitionChangeUs > 0 ? 50 : changed.length;
    for (let first = 0; first < changed.length; first += chunkSize) {
      const chunk = changed.slice(first, first + chunkSize);
      const doneUs = startUs + this.#spec.perPartitionChangeUs * (first + chunk.length);
      const isLast = first + chunkSize >= changed.length;
      this.#busyUntilUs = doneUs;
      this.#sim.scheduleAt(doneUs + this.#spec.commitDelayUs, 'controller/commit', () => {
        this.#metadataOffset++;
        for (const index of chunk) this.#emitCommitted(index);
        const partitions = chunk.map((index) =>
          copyState(this.partitions[index] as PartitionState),
        );
        const delta: Message = {
          kind: 'metadataDelta',
          offset: this.#metadataOffset,
          snapshot: false,
          partitions,
          fencedBrokers: this.#fencedBrokers(),
        };
        for (const brokerId of this.#spec.brokerIds) this.#sendTo(brokerNodeName(brokerId), delta);
        if (isLast) afterCommit();
      });
    }
  }

  #fencedBrokers(): number[] {
    const fenced: number[] = [];
    for (const [brokerId, registration] of this.#brokers)
      if (registration.fenced) fenced.push(brokerId);
    return fenced;
  }

  #sendTo(to: string, message: Message): void {
    this.#link(to, message, 'control');
  }
}

function copyState(state: PartitionState): PartitionState {
  return { ...state, isr: [...state.isr], replicas: [...state.replicas] };
}

function sameMembers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((broker) => b.includes(broker));
}
