/**
 * A Kafka broker process. It owns its storage (disks, page cache), its thread pools (through the
 * request handler), the replicas it hosts and its replica fetchers. It heartbeats the controller
 * every broker.heartbeat.interval.ms, applies metadata deltas (becoming leader or follower),
 * runs the periodic ISR check (every replica.lag.time.max.ms / 2) and sends AlterPartition
 * requests (retried until answered). Lifecycle: up → down (crash: volatile state lost, logs and the
 * kernel's page cache kept) → recovering (process start, then log recovery scanning the unflushed
 * tail with num.recovery.threads.per.data.dir threads; in KRaft mode it registers, fenced, at
 * process start) → up; a pause (GC) defers everything the process would do until it ends. Work
 * scheduled by a previous incarnation is dropped.
 */
import { assert, type Simulation, type Timer } from '../../engine/index.ts';
import type { LinkClass } from '../hardware/network.ts';
import { Storage, type StorageSpec } from '../hardware/storage.ts';
import { brokerNodeName, type BrokerConfig, type BrokerContext } from './brokerContext.ts';
import type { GcSpec } from './brokerContext.ts';
import type { PartitionCatalog } from './catalog.ts';
import { DETAIL_OFF, type DetailSink } from './detail.ts';
import type { BrokerState, Emit } from './events.ts';
import { isBrokerRequest, type Message, type PartitionState } from './messages.ts';
import { ReplicaFetcherManager } from './replicaFetcher.ts';
import { ReplicaManager } from './replicaManager.ts';
import { RequestHandler } from './requestHandler.ts';
import { AlterPartitions } from './alterPartitions.ts';
import { brokerGroupCoordinator } from './brokerGroups.ts';
import type { GroupCoordinator } from './groups/groupCoordinator.ts';
import type { GroupConfig } from './groups/groupPorts.ts';
import type { GroupStore } from './groups/groupStore.ts';
import { flushDirtyLogs, LOG_INITIAL_TASK_DELAY_US } from './logFlusher.ts';
import { CpuCores } from '../hardware/cpu.ts';
import { JvmHeap } from './jvmHeap.ts';
export type { GcSpec };

export interface BrokerSpec {
  brokerId: number;
  /** JVM garbage collection pauses, or null to leave them out. */
  gc: GcSpec | null;
  config: BrokerConfig;
  storage: StorageSpec;
  controllerNode: string;
  /** The group coordinator's configs, the offsets partitions' content, and their indexes. */
  groups?: { config: GroupConfig; store: GroupStore; offsetsIndex: Map<number, number> };
  /** Partition counts of topics that metadata shows at start (addPartitions raises them). */
  topicPartitions?: Map<string, number>;
}

/** Sends over the broker's links; false when the connection is refused (the peer is down). */
export type Link = (to: string, message: Message, linkClass: LinkClass, delayUs: number) => boolean;

/** Metadata messages kept while recovering (past it, the stale offset brings a snapshot). */
const RECOVERY_METADATA_MAX = 1024;

export class Broker {
  readonly brokerId: number;
  readonly nodeName: string;
  readonly storage: Storage;
  readonly cpu: CpuCores;
  readonly replicas: ReplicaManager;
  readonly fetchers: ReplicaFetcherManager;
  readonly requests: RequestHandler;
  readonly groups: GroupCoordinator;
  readonly #topicPartitions: Map<string, number>;
  readonly #sim: Simulation;
  readonly #spec: BrokerSpec;
  readonly #emit: Emit;
  readonly #context: BrokerContext;
  #state: BrokerState = 'down';
  #incarnation = 0;
  /** Ends a CPU piece; made per incarnation (a crash drops older pieces), not per piece. */
  #cpuPieceDone = this.#cpuPieceDoneOf(0);
  #deferred: Array<() => void> = [];
  /** The metadata image: partition states as last published by the controller. */
  readonly #image = new Map<number, PartitionState>();
  #caughtUp = false;
  readonly #link: BrokerContext['send'];
  /** Metadata received while recovering after registering (KRaft), or null. */
  #recoveryMetadata: Array<{ message: Message; from: string }> | null = null;
  #metadataOffset = 0;
  #fenced = true;
  readonly #alter: AlterPartitions;
  readonly heap: JvmHeap;

  constructor(
    sim: Simulation,
    spec: BrokerSpec,
    catalog: PartitionCatalog,
    emit: Emit,
    link: Link,
    detail: DetailSink = DETAIL_OFF,
  ) {
    this.#sim = sim;
    this.#spec = spec;
    this.#emit = emit;
    this.brokerId = spec.brokerId;
    this.nodeName = brokerNodeName(spec.brokerId);
    this.storage = new Storage(sim, spec.storage, this.nodeName);
    const send: Link = (to, message, linkClass, departDelayUs) => {
      if (link(to, message, linkClass, departDelayUs)) return true;
      this.#schedule(0, 'network/refused', () => this.fetchers.onConnectionReset(to));
      return false;
    };
    this.#link = (to, message, linkClass = 'data', departDelayUs = 0) =>
      void send(to, message, linkClass, departDelayUs);
    this.cpu = new CpuCores(spec.config.cpuCores);
    this.#context = {
      sim,
      brokerId: spec.brokerId,
      nodeName: this.nodeName,
      emit,
      detail,
      config: spec.config,
      storage: this.storage,
      catalog,
      // A paused process sends later, a stopped one never; a refused connection (the peer is
      // down) fails the fetch in flight to it, as the RST would. Up: no closure for #run.
      send: (to, message, linkClass = 'data', departDelayUs = 0) => {
        if (this.#state !== 'up') this.#run(() => send(to, message, linkClass, departDelayUs));
        else send(to, message, linkClass, departDelayUs);
      },
      schedule: (delayUs, label, run) => this.#schedule(delayUs, label, run),
      runWhenUp: (run) => this.#run(run),
      runCpu: (us, label, run) => {
        if (this.#state !== 'up') this.#run(() => this.#runCpu(us, label, run));
        else this.#runCpu(us, label, run);
      },
      cpuStretch: (us) => this.cpu.stretch(us),
      allocate: (bytes) => this.#allocate(bytes),
    };
    this.heap = new JvmHeap(spec.gc, sim.stream(`${this.nodeName}/gc`));
    this.replicas = new ReplicaManager(this.#context);
    this.fetchers = new ReplicaFetcherManager(this.#context, this.replicas);
    this.requests = new RequestHandler(this.#context, this.replicas);
    this.#alter = new AlterPartitions(this.#context, this.replicas, spec.controllerNode);
    this.requests.onFollowerFetched = () => this.#alter.sendExpansions();
    this.requests.metadataSnapshot = () => [...this.#image.values()];
    this.#topicPartitions = new Map(spec.topicPartitions ?? []);
    for (const [topic, indexes] of catalog.byTopic) {
      if (!this.#topicPartitions.has(topic)) this.#topicPartitions.set(topic, indexes.length);
    }
    this.requests.topicPartitionsSnapshot = () => [...this.#topicPartitions];
    this.groups = brokerGroupCoordinator(
      {
        sim,
        brokerId: spec.brokerId,
        emit,
        catalog,
        ...(spec.groups === undefined ? {} : { groups: spec.groups }),
        topicPartitions: this.#topicPartitions,
        schedule: (delayUs, label, run) => this.#schedule(delayUs, label, run),
        leaderOf: (index) => this.#image.get(index)?.leader ?? -1,
      },
      this.replicas,
      this.requests,
    );
    for (const info of catalog.partitions) {
      if (info.replicas.includes(spec.brokerId)) this.replicas.ensure(info);
    }
  }

  get state(): BrokerState {
    return this.#state;
  }

  get fenced(): boolean {
    return this.#fenced;
  }

  /** Starts the process at t=0 with the cluster's initial metadata (a clean start). */
  start(initial: PartitionState[], onListening: () => void): void {
    this.#boot(0, () => {
      onListening();
      this.#applyDelta(initial);
    });
  }

  /** A process crash: no clean shutdown; connections reset by the kernel. */
  crash(reason: string): void {
    if (this.#state === 'down') return;
    this.#cpuPieceDone = this.#cpuPieceDoneOf(++this.#incarnation);
    this.#deferred = [];
    this.#setState('down', reason);
    this.fetchers.stop();
    this.groups.stop();
    this.replicas.stop();
    this.storage.dropWaiters();
    // Last: the purgatories failed above answer requests that must not hold a network thread.
    this.requests.stop();
    this.cpu.reset(this.#sim.nowUs);
    this.#image.clear();
    this.#alter.clear();
    this.#caughtUp = false;
    this.#metadataOffset = -1;
    this.#fenced = true;
    this.#recoveryMetadata = null;
  }

  /**
   * Restarts after a crash: process start, then log recovery of the unflushed tail. A KRaft
   * broker registers at process start (`onStarting`: its control link works) and heartbeats,
   * fenced, while it recovers; the metadata it receives meanwhile applies when it is up.
   */
  restart(onListening: () => void, onStarting: () => void = () => {}): void {
    assert(this.#state === 'down', `${this.nodeName}: restart while ${this.#state}`);
    const config = this.#spec.config;
    const threads = config.numRecoveryThreadsPerDataDir * this.storage.diskCount;
    const bytesPerSec = Math.max(1, threads * config.recoveryBytesPerSecPerThread);
    const recoveryUs = Math.ceil((this.replicas.unflushedBytes() * 1e6) / bytesPerSec);
    this.#boot(config.startupUs + recoveryUs, onListening);
    if (!config.registersBeforeRecovery || recoveryUs <= 0) return;
    const incarnation = this.#incarnation;
    this.#sim.schedule(config.startupUs, 'broker/register', () => {
      if (incarnation !== this.#incarnation) return;
      onStarting();
      this.#recoveryMetadata = [];
      this.#recoveringHeartbeat(incarnation);
    });
  }

  /** Heartbeats while logs recover (not caught up: the controller keeps the broker fenced). */
  #recoveringHeartbeat(incarnation: number): void {
    if (incarnation !== this.#incarnation || this.#state !== 'recovering') return;
    this.#sendHeartbeat();
    this.#sim.schedule(this.#spec.config.brokerHeartbeatIntervalUs, 'broker/heartbeat', () =>
      this.#recoveringHeartbeat(incarnation),
    );
  }

  /** A stop-the-world pause: nothing runs until it ends; links stay up. */
  pause(forUs: number, cause: 'fault' | 'gc' = 'fault'): void {
    if (this.#state !== 'up') return;
    const reported = cause === 'fault';
    if (reported) this.#setState('paused', `pause ${forUs}us`);
    else this.#state = 'paused';
    this.requests.networkPool.pause();
    this.requests.ioPool.pause();
    const incarnation = this.#incarnation;
    this.#sim.schedule(forUs, 'broker/resume', () => {
      if (incarnation !== this.#incarnation) return;
      if (reported) this.#setState('up', 'pause ended');
      else this.#state = 'up';
      this.requests.networkPool.resume();
      this.requests.ioPool.resume();
      const deferred = this.#deferred;
      this.#deferred = [];
      for (const run of deferred) run();
    });
  }

  #allocate(bytes: number): void {
    const pauseUs = this.heap.allocate(bytes, this.#state === 'up');
    if (pauseUs > 0) this.pause(pauseUs, 'gc');
  }

  /** A message delivered by the network. */
  deliver(message: Message, from: string): void {
    if (this.#state === 'up') this.#dispatch(message, from);
    else if (this.#recoveryMetadata !== null && message.kind === 'metadataDelta') {
      // Registered while recovering: kept (from the last snapshot on) until the logs are up.
      if (message.snapshot) this.#recoveryMetadata = [];
      if (this.#recoveryMetadata.length < RECOVERY_METADATA_MAX) {
        this.#recoveryMetadata.push({ message, from });
      }
    } else this.#run(() => this.#dispatch(message, from));
  }

  onConnectionReset(peer: string): void {
    this.requests.onPeerReset(peer);
    this.#run(() => this.fetchers.onConnectionReset(peer));
  }

  /** addPartitions: the metadata now shows `count` partitions of `topic`. */
  setTopicPartitionCount(topic: string, count: number): void {
    this.#topicPartitions.set(topic, count);
    if (this.#state === 'up') this.groups.onTopicPartitionsChanged(topic);
  }

  /** Metadata image view for checks and metrics (read-only use). */
  imageState(index: number): PartitionState | undefined {
    return this.#image.get(index);
  }

  #boot(delayUs: number, onListening: () => void): void {
    this.#cpuPieceDone = this.#cpuPieceDoneOf(++this.#incarnation);
    const incarnation = this.#incarnation;
    this.#setState('recovering', delayUs > 0 ? `log recovery ${delayUs}us` : 'start');
    this.#sim.schedule(delayUs, 'broker/listening', () => {
      if (incarnation !== this.#incarnation) return;
      this.#setState('up', 'listening');
      onListening();
      const kept = this.#recoveryMetadata ?? [];
      this.#recoveryMetadata = null;
      for (const { message, from } of kept) this.#dispatch(message, from);
      const config = this.#spec.config;
      this.#sendHeartbeat();
      this.#every(config.brokerHeartbeatIntervalUs, 'broker/heartbeat', () =>
        this.#sendHeartbeat(),
      );
      this.#every(Math.floor(config.replicaLagTimeMaxUs / 2), 'isr/check', () => {
        for (const request of this.replicas.shrinkIsrIfNeeded())
          this.#alter.send(request.index, request.newIsr);
      });
      this.#every(config.logRetentionCheckIntervalUs, 'log/retention', () =>
        this.replicas.applyRetention(),
      );
      const flushCheckUs = config.logFlushSchedulerIntervalUs;
      if (flushCheckUs === null) return;
      const flush = (): void => {
        flushDirtyLogs(this.replicas.replicas(), this.#context.storage, this.#sim.nowUs);
      };
      this.#schedule(LOG_INITIAL_TASK_DELAY_US, 'log/flusher', () => {
        flush();
        this.#every(flushCheckUs, 'log/flusher', flush);
      });
    });
  }

  /** Runs `task` every `intervalUs` from now on, while this incarnation lives. */
  #every(intervalUs: number, label: string, task: () => void): void {
    this.#schedule(intervalUs, label, () => {
      task();
      this.#every(intervalUs, label, task);
    });
  }

  #setState(state: BrokerState, reason: string): void {
    this.#state = state;
    this.#emit({
      kind: 'brokerState',
      atUs: this.#sim.nowUs,
      broker: this.brokerId,
      state,
      reason,
    });
  }

  #schedule(delayUs: number, label: string, run: () => void): Timer {
    const incarnation = this.#incarnation;
    return this.#sim.schedule(delayUs, label, () => {
      if (incarnation === this.#incarnation) this.#run(run);
    });
  }

  /** `cpuUs` of work on the cores, then `done`, dropped and deferred as #schedule's work is. */
  #runCpu(cpuUs: number, label: string, done: () => void): void {
    const durationUs = this.cpu.begin(this.#sim.nowUs, cpuUs);
    this.#sim.scheduleCall(durationUs, label, this.#cpuPieceDone, done);
  }

  #cpuPieceDoneOf(incarnation: number): (done: () => void) => void {
    return (done) => {
      if (incarnation !== this.#incarnation) return; // Dropped by a crash.
      this.#state === 'up' ? this.#endCpu(done) : this.#run(() => this.#endCpu(done));
    };
  }

  #endCpu(done: () => void): void {
    this.cpu.end(this.#sim.nowUs);
    done();
  }

  #run(run: () => void): void {
    if (this.#state === 'paused') this.#deferred.push(run);
    else if (this.#state === 'up') run();
  }

  #dispatch(message: Message, from: string): void {
    if (isBrokerRequest(message)) {
      this.requests.onRequest(message, from);
      return;
    }
    switch (message.kind) {
      case 'connectionClose':
        this.requests.onConnectionClose(message, from);
        return;
      case 'connectionReset':
        this.requests.onConnectionReset(message, from);
        return;
      case 'fetchResponse':
        this.fetchers.onFetchResponse(message);
        return;
      case 'metadataDelta':
        // Offsets apply in order; after a gap the heartbeat reports the old offset until a
        // snapshot arrives.
        if (message.snapshot || message.offset === this.#metadataOffset + 1) {
          this.#metadataOffset = Math.max(this.#metadataOffset, message.offset);
        }
        this.#applyDelta(message.partitions);
        return;
      case 'brokerHeartbeatResponse':
        this.#fenced = message.fenced;
        return;
      case 'alterPartitionResponse':
        this.#alter.answered(message.partitionIndex);
        if (!message.accepted) this.replicas.onAlterPartitionRejected(message.partitionIndex);
        this.#applyDelta([message.state]);
        return;
      default:
        return;
    }
  }

  #applyDelta(partitions: PartitionState[]): void {
    this.#caughtUp = true;
    for (const state of partitions) {
      const known = this.#image.get(state.partitionIndex);
      if (known !== undefined && known.partitionEpoch > state.partitionEpoch) continue;
      this.#image.set(state.partitionIndex, state);
      const change = this.replicas.applyState(state);
      if (change === null) continue;
      this.groups.onLeadership(change.index, change.kind === 'leader');
      if (change.kind === 'follower') this.fetchers.addPartition(change.index, change.leader);
      else this.fetchers.removePartition(change.index);
    }
    this.#alter.sendExpansions();
  }

  /** A heartbeat; while recovering (registered early) straight on the link, not held for up. */
  #sendHeartbeat(): void {
    const send = this.#state === 'recovering' ? this.#link : this.#context.send;
    send(
      this.#spec.controllerNode,
      {
        kind: 'brokerHeartbeat',
        broker: this.brokerId,
        brokerEpoch: this.#incarnation,
        caughtUp: this.#caughtUp,
        metadataOffset: this.#metadataOffset,
      },
      'control',
    );
  }
}
