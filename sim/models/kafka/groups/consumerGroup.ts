/**
 * A KIP-848 consumer group on its coordinator (GroupMetadataManager.consumerGroupHeartbeat,
 * modern/consumer/CurrentAssignmentBuilder.java): one ConsumerGroupHeartbeat RPC every
 * group.consumer.heartbeat.interval.ms; joins, leaves, subscription and topic metadata changes bump
 * the group epoch, and the server assignor (uniform or range) computes the target assignment of
 * that epoch. Each member converges on its own: it first revokes what the target takes from it
 * (UNREVOKED_PARTITIONS, keeping its epoch), then moves to the target epoch and gets the target's
 * partitions that no other member still holds (UNRELEASED_PARTITIONS until they are freed).
 * Fencing: a missed session (group.consumer.session.timeout.ms) or a revocation slower than the
 * member's rebalance timeout removes the member and frees its partitions. Static members that
 * leave with epoch -2 keep their assignment until the session timeout. Left out: regex
 * subscriptions, client-side assignors, rack awareness.
 */
import type { Timer } from '../../../engine/index.ts';
import { assignOrdered, type GroupMember } from '../assignors/index.ts';
import type { ErrorCode, GroupMessage, Message } from '../messages.ts';
import type { GroupPorts } from './groupPorts.ts';
import type { StoredGroup } from './groupStore.ts';

type Heartbeat = Extract<GroupMessage, { kind: 'consumerGroupHeartbeatRequest' }>;

interface Member {
  memberId: string;
  instanceId: string | null;
  epoch: number;
  state: 'stable' | 'unrevoked' | 'unreleased';
  assigned: number[];
  pendingRevocation: number[];
  topics: string[];
  rebalanceTimeoutUs: number;
  lastHeartbeatUs: number;
  revokingSinceUs: number;
  /** A static member that left with epoch -2 and may come back. */
  away: boolean;
  sessionTimer: Timer | null;
  /** Fences the member if it still holds partitions to revoke after its rebalance timeout. */
  revocationTimer: Timer | null;
}

export class ConsumerGroup {
  readonly groupId: string;
  groupEpoch = 0;
  targetEpoch = 0;
  readonly target = new Map<string, number[]>();
  readonly members = new Map<string, Member>();
  readonly #ports: GroupPorts;
  #settled = true;

  constructor(groupId: string, ports: GroupPorts, stored: StoredGroup | undefined) {
    this.groupId = groupId;
    this.#ports = ports;
    if (stored === undefined) return;
    this.groupEpoch = stored.generation;
    this.targetEpoch = stored.generation;
    for (const saved of stored.members) {
      const member = this.#newMember(saved.memberId, saved.instanceId, saved.topics);
      member.epoch = saved.epoch;
      member.assigned = [...saved.assignment];
      member.rebalanceTimeoutUs = saved.rebalanceTimeoutUs;
      this.members.set(member.memberId, member);
      this.target.set(member.memberId, [...saved.assignment]);
      this.#armSession(member);
    }
  }

  onHeartbeat(request: Heartbeat, clientHint: string): Message {
    const reply = (
      error: ErrorCode,
      member: Member | null,
    ): Extract<Message, { kind: 'consumerGroupHeartbeatResponse' }> => ({
      kind: 'consumerGroupHeartbeatResponse',
      requestId: request.requestId,
      error,
      memberId: member?.memberId ?? request.memberId,
      memberEpoch: member?.epoch ?? -1,
      heartbeatIntervalUs: this.#ports.config.groupConsumerHeartbeatIntervalUs,
      assignment: member === null ? null : [...member.assigned],
    });
    if (request.memberEpoch === -1 || request.memberEpoch === -2) {
      const member = this.members.get(request.memberId);
      if (member === undefined) return reply('UNKNOWN_MEMBER_ID', null);
      if (request.memberEpoch === -2 && member.instanceId !== null) member.away = true;
      else this.#remove(member, `${member.instanceId ?? member.memberId} left the group`);
      return { ...reply('NONE', null), memberEpoch: request.memberEpoch };
    }
    let member = this.members.get(request.memberId);
    if (request.memberEpoch === 0) member = this.#join(request, clientHint);
    if (member === undefined) return reply('UNKNOWN_MEMBER_ID', null);
    if (request.memberEpoch > 0 && request.memberEpoch !== member.epoch) {
      // A stale epoch: the member must rejoin from scratch (it lost its partitions).
      return reply('FENCED_MEMBER_EPOCH', null);
    }
    member.lastHeartbeatUs = this.#ports.sim.nowUs;
    if (request.topics.join(',') !== member.topics.join(',')) {
      member.topics = [...request.topics];
      this.#bumpEpoch(`${member.memberId} changed its subscription`);
    }
    this.#refreshTarget();
    this.#reconcile(member, request.owned);
    this.#checkSettled();
    return reply('NONE', member);
  }

  /** Topic metadata changed (partitions added): a new group epoch. */
  onMetadataChange(topic: string): void {
    for (const member of this.members.values()) {
      if (member.topics.includes(topic)) {
        this.#bumpEpoch(`partitions added to ${topic}`);
        return;
      }
    }
  }

  commitError(memberId: string, epoch: number): ErrorCode {
    if (memberId === '' && epoch < 0) return 'NONE';
    const member = this.members.get(memberId);
    if (member === undefined) return 'UNKNOWN_MEMBER_ID';
    return epoch > member.epoch ? 'FENCED_MEMBER_EPOCH' : 'NONE';
  }

  unload(): void {
    for (const member of this.members.values()) {
      if (member.sessionTimer !== null) this.#ports.sim.cancel(member.sessionTimer);
      this.#cancelRevocationTimer(member);
    }
  }

  snapshot(): StoredGroup {
    return {
      protocol: 'consumer',
      generation: this.groupEpoch,
      protocolName: this.#ports.config.groupConsumerAssignors[0] ?? 'uniform',
      leaderId: '',
      members: [...this.members.values()].map((member) => ({
        memberId: member.memberId,
        instanceId: member.instanceId,
        sessionTimeoutUs: this.#ports.config.groupConsumerSessionTimeoutUs,
        rebalanceTimeoutUs: member.rebalanceTimeoutUs,
        topics: member.topics,
        assignment: member.assigned,
        epoch: member.epoch,
      })),
    };
  }

  #join(request: Heartbeat, clientHint: string): Member {
    const old =
      request.instanceId === null
        ? undefined
        : [...this.members.values()].find((m) => m.instanceId === request.instanceId);
    const member = this.#newMember(
      this.#ports.nextMemberId(clientHint),
      request.instanceId,
      request.topics,
    );
    member.rebalanceTimeoutUs = request.rebalanceTimeoutUs;
    if (old !== undefined && old.away) {
      // A static member back within its session: same assignment and epoch, no new group epoch.
      this.members.delete(old.memberId);
      if (old.sessionTimer !== null) this.#ports.sim.cancel(old.sessionTimer);
      member.epoch = old.epoch;
      member.assigned = old.assigned;
      member.pendingRevocation = old.pendingRevocation;
      member.state = old.state;
      this.target.set(member.memberId, this.target.get(old.memberId) ?? []);
      this.target.delete(old.memberId);
      this.members.set(member.memberId, member);
      this.#armSession(member);
      return member;
    }
    if (old !== undefined) this.#remove(old, `static member ${old.instanceId} replaced`);
    this.members.set(member.memberId, member);
    this.#armSession(member);
    this.#bumpEpoch(`${request.instanceId ?? member.memberId} joined`);
    return member;
  }

  #newMember(memberId: string, instanceId: string | null, topics: string[]): Member {
    return {
      memberId,
      instanceId,
      epoch: 0,
      state: 'stable',
      assigned: [],
      pendingRevocation: [],
      topics: [...topics],
      rebalanceTimeoutUs: 0,
      lastHeartbeatUs: this.#ports.sim.nowUs,
      revokingSinceUs: 0,
      away: false,
      sessionTimer: null,
      revocationTimer: null,
    };
  }

  #bumpEpoch(reason: string): void {
    this.groupEpoch++;
    if (this.#settled) this.#phase('start', reason);
    this.#settled = false;
  }

  /** Runs the server assignor when the group epoch moved past the target's. */
  #refreshTarget(): void {
    if (this.targetEpoch === this.groupEpoch) return;
    const partitionCounts: Record<string, number> = {};
    const members: GroupMember[] = [];
    for (const member of this.members.values()) {
      for (const topic of member.topics) {
        partitionCounts[topic] = this.#ports.topicPartitions(topic).length;
      }
      const entry: GroupMember = {
        memberId: member.memberId,
        topics: member.topics,
        owned: member.assigned.map((index) => this.#ports.topicPartitionOf(index)),
      };
      if (member.instanceId !== null) entry.instanceId = member.instanceId;
      members.push(entry);
    }
    const strategy =
      this.#ports.config.groupConsumerAssignors[0] === 'range' ? 'server-range' : 'uniform';
    const result = assignOrdered(strategy, { topics: partitionCounts, members });
    this.target.clear();
    for (const member of this.members.values()) {
      const partitions = result[member.memberId] ?? [];
      this.target.set(
        member.memberId,
        partitions.map(([topic, partition]) => {
          const index = this.#ports.topicPartitions(topic)[partition];
          return index ?? -1;
        }),
      );
    }
    this.targetEpoch = this.groupEpoch;
    this.#phase('join', `target assignment for epoch ${this.groupEpoch}`);
  }

  /** CurrentAssignmentBuilder: revoke first, then take the target's free partitions. */
  #reconcile(member: Member, owned: number[]): void {
    if (member.state === 'unrevoked') {
      const stillOwned = member.pendingRevocation.some((index) => owned.includes(index));
      if (stillOwned) return;
      member.pendingRevocation = [];
      member.state = 'stable';
      this.#cancelRevocationTimer(member);
    }
    if (member.epoch === this.targetEpoch && member.state === 'stable') return;
    const target = this.target.get(member.memberId) ?? [];
    const kept = member.assigned.filter((index) => target.includes(index));
    const revoke = member.assigned.filter((index) => !target.includes(index));
    if (revoke.length > 0) {
      member.assigned = kept;
      member.pendingRevocation = revoke;
      member.state = 'unrevoked';
      member.revokingSinceUs = this.#ports.sim.nowUs;
      this.#armRevocationTimer(member);
      return;
    }
    const held = new Set<number>();
    for (const other of this.members.values()) {
      if (other === member) continue;
      for (const index of other.assigned) held.add(index);
      for (const index of other.pendingRevocation) held.add(index);
    }
    const free = target.filter((index) => !kept.includes(index) && !held.has(index));
    member.assigned = [...kept, ...free];
    member.epoch = this.targetEpoch;
    member.state = kept.length + free.length < target.length ? 'unreleased' : 'stable';
  }

  #checkSettled(): void {
    if (this.#settled || this.targetEpoch !== this.groupEpoch) return;
    for (const member of this.members.values()) {
      if (member.epoch !== this.targetEpoch || member.state !== 'stable') return;
    }
    this.#settled = true;
    this.#ports.store.groups.set(this.groupId, this.snapshot());
    this.#phase('stable', `every member at epoch ${this.groupEpoch}`);
  }

  #armSession(member: Member): void {
    const timeoutUs = this.#ports.config.groupConsumerSessionTimeoutUs;
    const dueUs = member.lastHeartbeatUs + timeoutUs;
    member.sessionTimer = this.#ports.schedule(
      Math.max(0, dueUs - this.#ports.sim.nowUs),
      'group/session',
      () => {
        member.sessionTimer = null;
        if (this.members.get(member.memberId) !== member) return;
        if (this.#ports.sim.nowUs < member.lastHeartbeatUs + timeoutUs) {
          this.#armSession(member);
          return;
        }
        this.#remove(member, `session timeout of ${member.instanceId ?? member.memberId}`);
      },
    );
  }

  /** scheduleConsumerGroupRebalanceTimeout: revoke within the rebalance timeout or be fenced. */
  #armRevocationTimer(member: Member): void {
    this.#cancelRevocationTimer(member);
    member.revocationTimer = this.#ports.schedule(
      member.rebalanceTimeoutUs,
      'group/revocationTimeout',
      () => {
        member.revocationTimer = null;
        if (this.members.get(member.memberId) !== member || member.state !== 'unrevoked') return;
        this.#remove(member, `${member.memberId} did not revoke within its rebalance timeout`);
      },
    );
  }

  #cancelRevocationTimer(member: Member): void {
    if (member.revocationTimer !== null) this.#ports.sim.cancel(member.revocationTimer);
    member.revocationTimer = null;
  }

  #remove(member: Member, reason: string): void {
    this.members.delete(member.memberId);
    this.target.delete(member.memberId);
    if (member.sessionTimer !== null) this.#ports.sim.cancel(member.sessionTimer);
    this.#cancelRevocationTimer(member);
    this.#phase('memberRemoved', reason);
    this.#bumpEpoch(reason);
    this.#refreshTarget();
    this.#checkSettled();
  }

  #phase(phase: 'start' | 'join' | 'stable' | 'memberRemoved', reason: string): void {
    this.#ports.emit({
      kind: 'rebalancePhase',
      atUs: this.#ports.sim.nowUs,
      group: this.groupId,
      phase,
      protocol: 'consumer',
      generation: this.groupEpoch,
      members: this.members.size,
      reason,
    });
  }
}
