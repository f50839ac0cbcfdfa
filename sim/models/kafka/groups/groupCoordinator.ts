/**
 * A broker's group coordinator (GroupCoordinatorService, GroupMetadataManager,
 * OffsetMetadataManager): it coordinates the groups whose `__consumer_offsets` partition
 * (abs(groupId.hashCode) % offsets.topic.num.partitions) this broker leads. When it becomes the
 * leader it loads the partition (reading its bytes; COORDINATOR_LOAD_IN_PROGRESS meanwhile); when
 * it loses leadership or crashes its groups are unloaded and clients get NOT_COORDINATOR and look
 * the coordinator up again (FindCoordinator, answered by any broker from its metadata).
 * OffsetCommit appends to the partition and answers once the high watermark passes it
 * (offsets.commit.required.acks = -1); OffsetFetch answers from memory.
 */
import { FlushLane } from '../flushLane.ts';
import { coordinatorPartition } from '../partitioner.ts';
import type { GroupMessage, Message } from '../messages.ts';
import type { ReplicaManager } from '../replicaManager.ts';
import { ClassicGroup } from './classicGroup.ts';
import { ConsumerGroup } from './consumerGroup.ts';
import type { GroupPorts } from './groupPorts.ts';

type Respond = (reply: Message) => void;

/** Bytes of one offset commit record on the log (key, value, batch share). */
const COMMIT_RECORD_BYTES = 96;

export class GroupCoordinator {
  readonly classic = new Map<string, ClassicGroup>();
  readonly consumer = new Map<string, ConsumerGroup>();
  readonly #ports: GroupPorts;
  readonly #replicas: ReplicaManager;
  /** offsets partition number → partition index in the catalog (only the partitions in use). */
  readonly #offsetsIndex: Map<number, number>;
  /** Offsets partition indexes this broker has loaded (leader and load done). */
  readonly #loaded = new Set<number>();
  readonly #loading = new Set<number>();

  constructor(ports: GroupPorts, replicas: ReplicaManager, offsetsIndex: Map<number, number>) {
    this.#ports = ports;
    this.#replicas = replicas;
    this.#offsetsIndex = offsetsIndex;
  }

  /** The partition index of a group's offsets partition, or -1 when the catalog lacks it. */
  offsetsPartitionOf(groupId: string): number {
    const partition = coordinatorPartition(groupId, this.#ports.config.offsetsTopicNumPartitions);
    return this.#offsetsIndex.get(partition) ?? -1;
  }

  isOffsetsPartition(index: number): boolean {
    for (const value of this.#offsetsIndex.values()) if (value === index) return true;
    return false;
  }

  /** Leadership of an offsets partition changed on this broker. */
  onLeadership(index: number, leader: boolean): void {
    if (!this.isOffsetsPartition(index)) return;
    if (!leader) {
      this.#unload(index);
      return;
    }
    if (this.#loaded.has(index) || this.#loading.has(index)) return;
    this.#loading.add(index);
    const replica = this.#replicas.get(index);
    const bytes = replica?.log.sizeBytes ?? 0;
    const loadUs = Math.ceil((bytes * 1e6) / this.#ports.config.loadBytesPerSec) + 1000;
    this.#ports.schedule(loadUs, 'group/load', () => {
      if (!this.#loading.delete(index)) return;
      if (this.#replicas.get(index)?.role !== 'leader') return;
      this.#loaded.add(index);
      for (const [groupId, stored] of this.#ports.store.groups) {
        if (this.offsetsPartitionOf(groupId) !== index) continue;
        if (stored.protocol === 'classic') {
          this.classic.set(groupId, new ClassicGroup(groupId, this.#ports, stored));
        } else this.consumer.set(groupId, new ConsumerGroup(groupId, this.#ports, stored));
        this.#emitLoad(groupId, 'coordinatorLoaded', `loaded on broker-${this.#ports.brokerId}`);
      }
    });
  }

  /** The broker stopped: every group goes. */
  stop(): void {
    for (const index of [...this.#loaded]) this.#unload(index);
    this.#loading.clear();
  }

  /** Topic metadata changed: KIP-848 groups subscribed to it get a new epoch. */
  onTopicPartitionsChanged(topic: string): void {
    for (const group of this.consumer.values()) group.onMetadataChange(topic);
  }

  onRequest(message: GroupMessage, from: string, respond: Respond): void {
    if (!('groupId' in message) || message.kind === 'findCoordinatorRequest') return;
    const index = this.offsetsPartitionOf(message.groupId);
    const error = this.#loaded.has(index)
      ? null
      : this.#loading.has(index)
        ? 'COORDINATOR_LOAD_IN_PROGRESS'
        : 'NOT_COORDINATOR';
    if (error !== null) {
      respond(errorReply(message, error));
      return;
    }
    const groupId = message.groupId;
    switch (message.kind) {
      case 'joinGroupRequest':
        this.#classicGroup(groupId).onJoin(message, respond, from);
        return;
      case 'syncGroupRequest':
        this.#classicGroup(groupId).onSync(message, respond);
        return;
      case 'heartbeatRequest': {
        const result = this.#classicGroup(groupId).onHeartbeat(message);
        respond({ kind: 'heartbeatResponse', requestId: message.requestId, error: result });
        return;
      }
      case 'leaveGroupRequest': {
        const result = this.#classicGroup(groupId).onLeave(message.memberId);
        respond({ kind: 'leaveGroupResponse', requestId: message.requestId, error: result });
        return;
      }
      case 'consumerGroupHeartbeatRequest':
        respond(this.#consumerGroup(groupId).onHeartbeat(message, from));
        return;
      case 'offsetFetchRequest': {
        const offsets = message.partitions.map((partitionIndex) => ({
          partitionIndex,
          offset: this.#ports.store.committed(groupId, partitionIndex),
        }));
        respond({
          kind: 'offsetFetchResponse',
          requestId: message.requestId,
          error: 'NONE',
          offsets,
        });
        return;
      }
      case 'offsetCommitRequest':
        this.#commit(message, index, respond);
        return;
      default:
        return;
    }
  }

  #commit(
    request: Extract<GroupMessage, { kind: 'offsetCommitRequest' }>,
    index: number,
    respond: Respond,
  ): void {
    const reply = (error: Extract<Message, { kind: 'offsetCommitResponse' }>['error']): void =>
      respond({ kind: 'offsetCommitResponse', requestId: request.requestId, error });
    const group: ClassicGroup | ConsumerGroup | undefined =
      this.consumer.get(request.groupId) ?? this.classic.get(request.groupId);
    const check = group?.commitError(request.memberId, request.generation) ?? 'NONE';
    if (check !== 'NONE' || request.offsets.length === 0) {
      reply(check);
      return;
    }
    const nowUs = this.#ports.sim.nowUs;
    const count = request.offsets.length;
    const endOffset =
      this.#replicas.appendAsLeader(
        index,
        {
          recordCount: count,
          bytes: COMMIT_RECORD_BYTES * count,
          firstCreateUs: nowUs,
          lastCreateUs: nowUs,
          producerId: -1,
          sequence: -1,
        },
        () => {},
        new FlushLane(),
      ) + count;
    const waiter = {
      done: false,
      remaining: 1,
      complete: (_batch: number, ok: boolean): void => {
        if (waiter.done) return;
        waiter.done = true;
        if (!ok) {
          reply('NOT_COORDINATOR');
          return;
        }
        for (const entry of request.offsets) {
          this.#ports.store.commit(request.groupId, entry.partitionIndex, entry.offset);
        }
        reply('NONE');
      },
    };
    this.#replicas.awaitHighWatermark(index, endOffset, waiter, 0);
  }

  #classicGroup(groupId: string): ClassicGroup {
    let group = this.classic.get(groupId);
    if (group === undefined) {
      group = new ClassicGroup(groupId, this.#ports, undefined);
      this.classic.set(groupId, group);
    }
    return group;
  }

  #consumerGroup(groupId: string): ConsumerGroup {
    let group = this.consumer.get(groupId);
    if (group === undefined) {
      group = new ConsumerGroup(groupId, this.#ports, undefined);
      this.consumer.set(groupId, group);
    }
    return group;
  }

  #unload(index: number): void {
    this.#loading.delete(index);
    if (!this.#loaded.delete(index)) return;
    for (const [groupId, group] of [...this.classic]) {
      if (this.offsetsPartitionOf(groupId) !== index) continue;
      group.unload();
      this.classic.delete(groupId);
      this.#emitLoad(
        groupId,
        'coordinatorUnloaded',
        `unloaded from broker-${this.#ports.brokerId}`,
      );
    }
    for (const [groupId, group] of [...this.consumer]) {
      if (this.offsetsPartitionOf(groupId) !== index) continue;
      group.unload();
      this.consumer.delete(groupId);
      this.#emitLoad(
        groupId,
        'coordinatorUnloaded',
        `unloaded from broker-${this.#ports.brokerId}`,
      );
    }
  }

  #emitLoad(groupId: string, phase: 'coordinatorLoaded' | 'coordinatorUnloaded', reason: string) {
    this.#ports.emit({
      kind: 'rebalancePhase',
      atUs: this.#ports.sim.nowUs,
      group: groupId,
      phase,
      protocol: this.consumer.has(groupId) ? 'consumer' : 'eager',
      generation: -1,
      members: 0,
      reason,
    });
  }
}

/** The NOT_COORDINATOR (or loading) answer in the shape of the request's response. */
function errorReply(
  message: GroupMessage,
  error: 'NOT_COORDINATOR' | 'COORDINATOR_LOAD_IN_PROGRESS',
): Message {
  const requestId = 'requestId' in message ? message.requestId : 0;
  switch (message.kind) {
    case 'joinGroupRequest':
      return {
        kind: 'joinGroupResponse',
        requestId,
        error,
        memberId: message.memberId,
        generation: -1,
        protocol: '',
        leaderId: '',
        members: [],
      };
    case 'syncGroupRequest':
      return { kind: 'syncGroupResponse', requestId, error, partitions: [] };
    case 'heartbeatRequest':
      return { kind: 'heartbeatResponse', requestId, error };
    case 'leaveGroupRequest':
      return { kind: 'leaveGroupResponse', requestId, error };
    case 'offsetCommitRequest':
      return { kind: 'offsetCommitResponse', requestId, error };
    case 'offsetFetchRequest':
      return { kind: 'offsetFetchResponse', requestId, error, offsets: [] };
    default:
      return {
        kind: 'consumerGroupHeartbeatResponse',
        requestId,
        error,
        memberId: '',
        memberEpoch: -1,
        heartbeatIntervalUs: 0,
        assignment: null,
      };
  }
}
