/**
 * A classic consumer group on its coordinator (group-coordinator/.../classic/ClassicGroup.java,
 * GroupMetadataManager.classicGroupJoin/Sync/Heartbeat/Leave): the states Empty,
 * PreparingRebalance, CompletingRebalance and Stable; JoinGroup with the MEMBER_ID_REQUIRED round
 * trip for new dynamic members (KIP-394); group.initial.rebalance.delay.ms for the first rebalance
 * of an Empty group, extended per new member up to the rebalance timeout; the join phase ends when
 * every known member has rejoined or at the rebalance timeout (the largest max.poll.interval.ms),
 * removing those that did not; the first member to join leads and assigns client-side; SyncGroup
 * waits for the leader; heartbeats reset the session timer and answer REBALANCE_IN_PROGRESS while
 * preparing; static members (KIP-345) that rejoin with a known group.instance.id take over their
 * old identity without a rebalance; after the join phase every member owes a SyncGroup within the
 * rebalance timeout, and those that never send one are removed and a new rebalance starts
 * (schedulePendingSync / onExpirePendingSync). Left out: group size limits.
 */
import { assert, type Timer } from '../../../engine/index.ts';
import type { ErrorCode, GroupMessage, JoinGroupMember, Message } from '../messages.ts';
import type { GroupPorts } from './groupPorts.ts';
import type { StoredGroup } from './groupStore.ts';
import { PendingSync } from './pendingSync.ts';
import {
  classicCommitError,
  emitPhase,
  joinError,
  syncAnswer,
  selectProtocol,
  storedClassicGroup,
} from './classicProtocol.ts';

type Respond = (reply: Message) => void;
type Join = Extract<GroupMessage, { kind: 'joinGroupRequest' }>;
type Sync = Extract<GroupMessage, { kind: 'syncGroupRequest' }>;

export type ClassicState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

interface Member {
  memberId: string;
  instanceId: string | null;
  sessionTimeoutUs: number;
  rebalanceTimeoutUs: number;
  topics: string[];
  /** The subscription's rackId (client.rack, KIP-881), or null. */
  rack: string | null;
  owned: number[];
  ownedGeneration: number;
  protocols: string[];
  join: { requestId: number; respond: Respond } | null;
  sync: { requestId: number; respond: Respond } | null;
  assignment: number[];
  lastHeartbeatUs: number;
  sessionTimer: Timer | null;
}

export class ClassicGroup {
  readonly groupId: string;
  state: ClassicState = 'Empty';
  generation = 0;
  protocolName = '';
  leaderId = '';
  readonly members = new Map<string, Member>();
  readonly #pending = new Set<string>();
  readonly #pendingSync: PendingSync;
  readonly #ports: GroupPorts;
  #joinTimer: Timer | null = null;
  #newMemberDuringDelay = false;
  #delayRemainingUs = 0;
  #reason = '';

  constructor(groupId: string, ports: GroupPorts, stored: StoredGroup | undefined) {
    this.groupId = groupId;
    this.#ports = ports;
    this.#pendingSync = new PendingSync(ports);
    if (stored === undefined || stored.members.length === 0) return;
    this.generation = stored.generation;
    this.protocolName = stored.protocolName;
    this.leaderId = stored.leaderId;
    this.state = 'Stable';
    for (const saved of stored.members) {
      const member = this.#newMember(saved.memberId, saved.instanceId, saved.topics);
      member.sessionTimeoutUs = saved.sessionTimeoutUs;
      member.rebalanceTimeoutUs = saved.rebalanceTimeoutUs;
      member.assignment = [...saved.assignment];
      this.members.set(member.memberId, member);
      this.#armSession(member);
    }
  }

  onJoin(request: Join, respond: Respond, clientHint: string): void {
    const sessionUs = request.sessionTimeoutUs;
    const config = this.#ports.config;
    if (
      sessionUs < config.groupMinSessionTimeoutUs ||
      sessionUs > config.groupMaxSessionTimeoutUs
    ) {
      respond(joinError(request, 'INVALID_SESSION_TIMEOUT'));
      return;
    }
    if (request.memberId === '' && request.instanceId !== null) {
      this.#joinStatic(request, respond, clientHint);
      return;
    }
    if (request.memberId === '') {
      const memberId = this.#ports.nextMemberId(clientHint);
      this.#pending.add(memberId);
      respond(joinError(request, 'MEMBER_ID_REQUIRED', memberId));
      return;
    }
    let member = this.members.get(request.memberId);
    if (member === undefined && this.#pending.delete(request.memberId)) {
      member = this.#newMember(request.memberId, request.instanceId, request.topics);
      this.members.set(member.memberId, member);
      this.#armSession(member);
      this.#update(member, request, respond);
      this.#prepareRebalance(`${request.memberId} joined`, true);
      return;
    }
    if (member === undefined) {
      respond(joinError(request, 'UNKNOWN_MEMBER_ID'));
      return;
    }
    const changed = this.#changed(member, request);
    this.#update(member, request, respond);
    if (this.state === 'PreparingRebalance') this.#tryCompleteJoin();
    else if (this.state === 'Stable' && !changed && member.memberId !== this.leaderId) {
      this.#answerJoin(member);
    } else this.#prepareRebalance(`${member.memberId} rejoined`, false);
  }

  #joinStatic(request: Join, respond: Respond, clientHint: string): void {
    const instanceId = request.instanceId as string;
    const old = [...this.members.values()].find((member) => member.instanceId === instanceId);
    const memberId = this.#ports.nextMemberId(clientHint);
    if (old === undefined) {
      const member = this.#newMember(memberId, instanceId, request.topics);
      this.members.set(memberId, member);
      this.#armSession(member);
      this.#update(member, request, respond);
      this.#prepareRebalance(`static member ${instanceId} joined`, true);
      return;
    }
    // KIP-345: the new member id replaces the old one, which is fenced.
    old.join?.respond(joinError(old.join, 'FENCED_INSTANCE_ID'));
    old.sync?.respond(syncAnswer(old.sync, 'FENCED_INSTANCE_ID'));
    this.members.delete(old.memberId);
    if (old.sessionTimer !== null) this.#ports.sim.cancel(old.sessionTimer);
    const member = this.#newMember(memberId, instanceId, request.topics);
    member.assignment = old.assignment;
    this.members.set(memberId, member);
    if (this.leaderId === old.memberId) this.leaderId = memberId;
    this.#armSession(member);
    const changed = this.#changed(old, request);
    this.#update(member, request, respond);
    if (this.state === 'Stable' && !changed) this.#answerJoin(member);
    else if (this.state === 'PreparingRebalance') this.#tryCompleteJoin();
    else this.#prepareRebalance(`static member ${instanceId} rejoined`, false);
  }

  onSync(request: Sync, respond: Respond): void {
    const member = this.members.get(request.memberId);
    const reply = (error: ErrorCode, partitions: number[]): void =>
      respond(syncAnswer(request, error, partitions));
    if (member === undefined) return reply('UNKNOWN_MEMBER_ID', []);
    if (request.generation !== this.generation) return reply('ILLEGAL_GENERATION', []);
    if (this.state === 'PreparingRebalance') return reply('REBALANCE_IN_PROGRESS', []);
    this.#heard(member);
    this.#pendingSync.done(member.memberId);
    if (this.state === 'Stable') return reply('NONE', member.assignment);
    member.sync = { requestId: request.requestId, respond };
    if (request.memberId !== this.leaderId) return;
    for (const entry of request.assignments) {
      const target = this.members.get(entry.memberId);
      if (target !== undefined) target.assignment = [...entry.partitions];
    }
    this.state = 'Stable';
    this.#ports.store.groups.set(this.groupId, this.snapshot());
    for (const each of this.members.values()) {
      if (each.sync === null) continue;
      each.sync.respond(syncAnswer(each.sync, 'NONE', each.assignment));
      each.sync = null;
    }
    this.#phase('stable', 'leader synced');
  }

  onHeartbeat(request: Extract<GroupMessage, { kind: 'heartbeatRequest' }>): ErrorCode {
    const member = this.members.get(request.memberId);
    if (member === undefined) return 'UNKNOWN_MEMBER_ID';
    this.#heard(member);
    if (this.state === 'PreparingRebalance') return 'REBALANCE_IN_PROGRESS';
    if (request.generation !== this.generation) return 'ILLEGAL_GENERATION';
    return 'NONE';
  }

  onLeave(memberId: string): ErrorCode {
    const member = this.members.get(memberId);
    if (member === undefined) return 'UNKNOWN_MEMBER_ID';
    this.#remove(member, `${memberId} left the group`);
    return 'NONE';
  }

  commitError(memberId: string, generation: number): ErrorCode {
    return classicCommitError(this, this.members.has(memberId), memberId, generation);
  }

  /** The coordinator moved away: pending answers tell members to find the new one. */
  unload(): void {
    for (const member of this.members.values()) {
      if (member.sessionTimer !== null) this.#ports.sim.cancel(member.sessionTimer);
      member.join?.respond(joinError(member.join, 'NOT_COORDINATOR'));
      member.sync?.respond(syncAnswer(member.sync, 'NOT_COORDINATOR'));
    }
    if (this.#joinTimer !== null) this.#ports.sim.cancel(this.#joinTimer);
    this.#pendingSync.clear();
  }

  snapshot(): StoredGroup {
    return storedClassicGroup(this, [...this.members.values()]);
  }

  #newMember(memberId: string, instanceId: string | null, topics: string[]): Member {
    return {
      memberId,
      instanceId,
      sessionTimeoutUs: 0,
      rebalanceTimeoutUs: 0,
      topics: [...topics],
      rack: null,
      owned: [],
      ownedGeneration: -1,
      protocols: [],
      join: null,
      sync: null,
      assignment: [],
      lastHeartbeatUs: this.#ports.sim.nowUs,
      sessionTimer: null,
    };
  }

  #changed(member: Member, request: Join): boolean {
    return (
      member.topics.join(',') !== request.topics.join(',') ||
      member.owned.join(',') !== request.owned.join(',')
    );
  }

  #update(member: Member, request: Join, respond: Respond): void {
    member.sessionTimeoutUs = request.sessionTimeoutUs;
    member.rebalanceTimeoutUs = request.rebalanceTimeoutUs;
    member.topics = [...request.topics];
    member.rack = request.rack;
    member.owned = [...request.owned];
    member.ownedGeneration = request.generation;
    member.protocols = [...request.protocols];
    member.join = { requestId: request.requestId, respond };
    this.#heard(member);
  }

  #rebalanceTimeoutUs(): number {
    let timeoutUs = 0;
    for (const member of this.members.values()) {
      timeoutUs = Math.max(timeoutUs, member.rebalanceTimeoutUs);
    }
    return timeoutUs;
  }

  #prepareRebalance(reason: string, newMember: boolean): void {
    if (this.state === 'PreparingRebalance') {
      if (newMember && this.#delayRemainingUs >= 0) this.#newMemberDuringDelay = true;
      this.#tryCompleteJoin();
      return;
    }
    for (const member of this.members.values()) {
      if (member.sync === null) continue;
      member.sync.respond(syncAnswer(member.sync, 'REBALANCE_IN_PROGRESS'));
      member.sync = null;
    }
    this.#pendingSync.clear();
    const wasEmpty = this.state === 'Empty';
    this.state = 'PreparingRebalance';
    this.#reason = reason;
    this.#phase('start', reason);
    const rebalanceUs = this.#rebalanceTimeoutUs();
    if (wasEmpty) {
      // InitialDelayedJoin: wait for more members, extending while new ones arrive.
      const delayUs = Math.min(this.#ports.config.groupInitialRebalanceDelayUs, rebalanceUs);
      this.#delayRemainingUs = Math.max(0, rebalanceUs - delayUs);
      this.#newMemberDuringDelay = false;
      this.#joinTimer = this.#ports.schedule(delayUs, 'group/initialDelay', () =>
        this.#delayDone(),
      );
      return;
    }
    this.#delayRemainingUs = -1;
    this.#joinTimer = this.#ports.schedule(rebalanceUs, 'group/rebalanceTimeout', () =>
      this.#completeJoin(),
    );
    this.#tryCompleteJoin();
  }

  #delayDone(): void {
    this.#joinTimer = null;
    const delayUs = this.#ports.config.groupInitialRebalanceDelayUs;
    if (this.#newMemberDuringDelay && this.#delayRemainingUs > 0) {
      const nextUs = Math.min(delayUs, this.#delayRemainingUs);
      this.#delayRemainingUs -= nextUs;
      this.#newMemberDuringDelay = false;
      this.#joinTimer = this.#ports.schedule(nextUs, 'group/initialDelay', () => this.#delayDone());
      return;
    }
    this.#delayRemainingUs = -1;
    this.#completeJoin();
  }

  #tryCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.#delayRemainingUs >= 0) return;
    if (this.#pending.size > 0) return;
    for (const member of this.members.values()) if (member.join === null) return;
    this.#completeJoin();
  }

  #completeJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    if (this.#joinTimer !== null) this.#ports.sim.cancel(this.#joinTimer);
    this.#joinTimer = null;
    this.#pending.clear();
    for (const member of [...this.members.values()]) {
      if (member.join === null) this.#drop(member);
    }
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.generation++;
      this.#ports.store.groups.set(this.groupId, this.snapshot());
      this.#phase('stable', 'group is empty');
      return;
    }
    this.generation++;
    this.protocolName = selectProtocol([...this.members.values()]);
    if (!this.members.has(this.leaderId)) this.leaderId = this.members.keys().next().value ?? '';
    this.state = 'CompletingRebalance';
    this.#phase('join', this.#reason);
    for (const member of this.members.values()) this.#answerJoin(member);
    this.#schedulePendingSync();
  }

  #schedulePendingSync(): void {
    this.#pendingSync.start(this.members.keys(), this.#rebalanceTimeoutUs(), (late) => {
      if (this.state !== 'CompletingRebalance' && this.state !== 'Stable') return;
      const reason = `${late.join(', ')} sent no SyncGroup within the rebalance timeout`;
      for (const memberId of late) {
        const member = this.members.get(memberId);
        if (member !== undefined) this.#remove(member, reason);
      }
    });
  }

  #answerJoin(member: Member): void {
    const join = member.join;
    assert(join !== null, `${this.groupId}: answer without a JoinGroup from ${member.memberId}`);
    member.join = null;
    const isLeader = member.memberId === this.leaderId && this.state === 'CompletingRebalance';
    const members: JoinGroupMember[] = !isLeader
      ? []
      : [...this.members.values()].map((each) => ({
          memberId: each.memberId,
          instanceId: each.instanceId,
          topics: each.topics,
          rack: each.rack,
          owned: each.owned,
          generation: each.ownedGeneration,
        }));
    join.respond({
      kind: 'joinGroupResponse',
      requestId: join.requestId,
      error: 'NONE',
      memberId: member.memberId,
      generation: this.generation,
      protocol: this.protocolName,
      leaderId: this.leaderId,
      members,
    });
  }

  #heard(member: Member): void {
    member.lastHeartbeatUs = this.#ports.sim.nowUs;
  }

  #armSession(member: Member): void {
    const dueUs = member.lastHeartbeatUs + Math.max(1, member.sessionTimeoutUs);
    member.sessionTimer = this.#ports.schedule(
      Math.max(0, dueUs - this.#ports.sim.nowUs),
      'group/session',
      () => {
        member.sessionTimer = null;
        if (this.members.get(member.memberId) !== member) return;
        const expiredAtUs = member.lastHeartbeatUs + member.sessionTimeoutUs;
        if (member.join !== null || this.#ports.sim.nowUs < expiredAtUs) {
          if (member.join !== null) member.lastHeartbeatUs = this.#ports.sim.nowUs;
          this.#armSession(member);
          return;
        }
        this.#remove(member, `session timeout of ${member.instanceId ?? member.memberId}`);
      },
    );
  }

  #drop(member: Member): void {
    this.members.delete(member.memberId);
    this.#pendingSync.done(member.memberId);
    if (member.sessionTimer !== null) this.#ports.sim.cancel(member.sessionTimer);
    member.join?.respond(joinError(member.join, 'UNKNOWN_MEMBER_ID'));
    member.sync?.respond(syncAnswer(member.sync, 'UNKNOWN_MEMBER_ID'));
    member.join = null;
    member.sync = null;
  }

  #remove(member: Member, reason: string): void {
    this.#drop(member);
    this.#phase('memberRemoved', reason);
    if (this.state === 'PreparingRebalance') this.#tryCompleteJoin();
    else if (this.members.size === 0 && this.state !== 'Empty') {
      this.state = 'PreparingRebalance';
      this.#reason = reason;
      this.#phase('start', reason);
      this.#delayRemainingUs = -1;
      this.#completeJoin();
    } else if (this.state !== 'Empty') this.#prepareRebalance(reason, false);
  }
  #phase(phase: 'start' | 'join' | 'stable' | 'memberRemoved', reason: string): void {
    emitPhase(this.#ports, this, phase, [...this.members.values()], reason);
  }
}
