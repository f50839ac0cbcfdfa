/**
 * A broker's request path (core/.../network/SocketServer.scala, server/KafkaRequestHandler.scala,
 * KafkaApis.scala): a network thread reads the request (CPU per request and per KiB), it waits in
 * the request queue (queued.max.requests; when full the network threads stop reading, modelled as
 * a bounded backlog), a request handler (io) thread handles it, and a network thread writes the
 * response. Produce: per batch leadership and min.insync.replicas checks, idempotent duplicate
 * detection (the broker keeps recent producer sequences), append, then acks=0 (no response), 1
 * (respond after the local append) or all (wait in the purgatory for the high watermark, up to
 * the request's timeout; delayedOperations.ts). Fetches (followers and consumers) are served by
 * fetchServer.ts.
 */
import { assert, Fifo, Latch, Timeouts, WorkerPool, type HeldJob } from '../../engine/index.ts';
import type { BrokerContext } from './brokerContext.ts';
import { listOffset } from './consumerReads.ts';
import { acksZeroAppended, acksZeroRefused } from './acksZero.ts';
import { FlushLane } from './flushLane.ts';
import { ConnectionMutes } from './connectionMutes.ts';
import {
  DelayedProduce,
  type Appended,
  type DelayedProducePorts,
  type FetchRequest,
  type ProduceRequest,
  type ProduceResult,
} from './delayedOperations.ts';
import { recordProduceResponse } from './detail.ts';
import { FetchServer } from './fetchServer.ts';
import { isGroupMessage, wireBytes, type GroupMessage, type Message } from './messages.ts';
import type { ReplicaManager } from './replicaManager.ts';

const BLOCKED_REQUESTS_MAX = 100_000;

/**
 * A request on its way through the broker (read, queued, handled), or an answer being written:
 * one object carries it through the thread pools and CPU pieces, with no closure per step.
 */
class Exchange {
  /** The network or request handler thread it holds, if any. */
  job: HeldJob | null = null;
  /** The network thread's CPU for its read or write. */
  networkUs = 0;
  /** What runs when its CPU piece ends (a handler of the RequestHandler, made once). */
  next: (exchange: Exchange) => void;
  /** Runs next(this): made once, handed to runCpu for each of its CPU pieces. */
  readonly resume: () => void;

  constructor(
    readonly request: Message,
    readonly peer: string,
    /** The answer being written, or null for a request being read and handled. */
    readonly response: Message | null,
    next: (exchange: Exchange) => void,
  ) {
    this.next = next;
    // Not a named arrow: tsx (esbuild keepNames) would name each one with defineProperty.
    this.resume = resumerOf(this);
  }
}

function resumerOf(exchange: Exchange): () => void {
  return () => exchange.next(exchange);
}

export class RequestHandler {
  readonly networkPool: WorkerPool;
  readonly ioPool: WorkerPool;
  readonly #context: BrokerContext;
  readonly #replicas: ReplicaManager;
  /** Requests read while the request queue was full (network threads stop reading). */
  readonly #blocked = new Fifo<Exchange>();
  /** One request at a time per connection: the rest wait unread. */
  readonly #mutes: ConnectionMutes;
  /** What the produce purgatory's delayed produces call back (and their timeouts). */
  readonly #delayed: DelayedProducePorts;
  /** Called after a follower fetch may have queued ISR expansions. */
  onFollowerFetched: () => void = () => {};
  /** Answers metadata requests from the broker's metadata image. */
  metadataSnapshot: () => Extract<Message, { kind: 'metadataResponse' }>['partitions'] = () => [];
  /** Answers consumer group requests (the broker's group coordinator); `respond` may wait. */
  onGroupRequest: (message: GroupMessage, from: string, respond: (reply: Message) => void) => void =
    () => {};
  /** Topic partition counts as the metadata shows them. */
  topicPartitionsSnapshot: () => Array<[string, number]> = () => [];
  producedBytes = 0;
  /** Record-weighted microseconds acks=all requests waited for the ISR (the purgatory). */
  isrWaitRecordUs = 0;
  producedRecords = 0;
  readonly #fetches: FetchServer;

  constructor(context: BrokerContext, replicas: ReplicaManager) {
    this.#context = context;
    this.#replicas = replicas;
    const path = context.nodeName;
    this.#mutes = new ConnectionMutes(path, (message, from) => this.#read(message, from));
    this.networkPool = new WorkerPool(context.sim, {
      path: `${path}/cpu/network`,
      workers: context.config.numNetworkThreads,
      queueMax: BLOCKED_REQUESTS_MAX,
      overflow: 'throw',
    });
    this.ioPool = new WorkerPool(context.sim, {
      path: `${path}/cpu/io`,
      workers: context.config.numIoThreads,
      queueMax: context.config.queuedMaxRequests,
      overflow: 'reject',
    });
    this.#delayed = {
      sim: context.sim,
      // Expiries run when the process does (a paused broker answers after the pause).
      produceTimeouts: new Timeouts<DelayedProduce>(context.sim, 'produce/timeout', (delayed) =>
        context.runWhenUp(() => delayed.expire()),
      ),
      hasMinIsr: (index) => replicas.hasMinIsr(index),
      respondProduce: (request, from, results, isrWaitRecordUs) => {
        this.isrWaitRecordUs += isrWaitRecordUs;
        this.#respondProduce(request, from, results);
      },
    };
    this.#fetches = new FetchServer(context, replicas, {
      respond: (to, message, request) => this.#respond(to, message, request),
      followerFetched: () => this.onFollowerFetched(),
    });
    replicas.watcher = this.#fetches;
  }

  /** Bytes of log data sent to consumers. */
  get consumerFetchedBytes(): number {
    return this.#fetches.consumerFetchedBytes;
  }

  get blockedCount(): number {
    return this.#blocked.length;
  }

  /** A request arrived on a connection from `from`; it is read once the connection is unmuted. */
  onRequest(message: Message, from: string): void {
    this.#mutes.admit(this.#mutes.connectionOf(message, from), message, from);
  }

  /** The client closed one of its connections (its FIN: a request timed out). */
  onConnectionClose(message: Message, from: string): void {
    this.#mutes.close(this.#mutes.connectionOf(message, from));
  }

  /** The client reset a connection it had closed (its RST: an answer reached it). */
  onConnectionReset(message: Message, from: string): void {
    this.#mutes.reset(this.#mutes.connectionOf(message, from));
  }

  /** The peer went away: its connections closed, with whatever it had pipelined. */
  onPeerReset(peer: string): void {
    this.#mutes.dropPeer(peer);
  }

  #read(message: Message, from: string): void {
    const bytes = wireBytes(message);
    this.#context.allocate(bytes);
    const exchange = new Exchange(message, from, null, this.#readDone);
    this.#onNetworkThread(exchange, this.#networkUs(bytes), 'network/read');
  }

  readonly #readDone = (exchange: Exchange): void => {
    this.#releaseNetwork(exchange);
    this.#enqueue(exchange);
  };

  /** A network thread's CPU to read or write a message of `bytes`. */
  #networkUs(bytes: number): number {
    const config = this.#context.config;
    return config.networkRequestUs + Math.ceil((bytes / 1024) * config.networkPerKiBUs);
  }

  /** The process stopped: queued work is dropped. */
  stop(): void {
    this.#blocked.clear();
    this.#mutes.clear();
    this.#delayed.produceTimeouts.clear();
    this.networkPool.reset();
    this.ioPool.reset();
  }

  #enqueue(exchange: Exchange): void {
    if (this.#blocked.length > 0) this.#blocked.push(exchange);
    else this.#tryHandle(exchange);
  }

  /** Takes a request handler thread, or waits in the backlog when the request queue is full. */
  #tryHandle(exchange: Exchange): void {
    if (this.ioPool.hold('io/request', this.#handleStart, exchange)) return;
    assert(this.#blocked.length < BLOCKED_REQUESTS_MAX, `${this.#context.nodeName}: backlog`);
    this.#blocked.push(exchange);
  }

  readonly #handleStart = (exchange: Exchange, job: HeldJob): void => {
    exchange.job = job;
    this.#handle(exchange);
  };

  /** The request handler thread is free: requests waiting in the backlog may be queued. */
  #releaseIo(exchange: Exchange): void {
    this.ioPool.release(exchange.job as HeldJob);
    exchange.job = null;
    this.#unblock();
  }

  #unblock(): void {
    while (this.#blocked.length > 0 && this.ioPool.queueLength < this.ioPool.queueMax) {
      this.#tryHandle(this.#blocked.shift() as Exchange);
    }
  }

  /** Writes the answer to `request`; once it is sent the connection reads the next request. */
  #respond(to: string, message: Message, request: Message): void {
    if (this.#mutes.orphaned(request)) return; // Its connection closed: no socket to write to.
    const exchange = new Exchange(request, to, message, this.#writeDone);
    this.#onNetworkThread(exchange, this.#networkUs(wireBytes(message)), 'network/write');
  }

  readonly #writeDone = (exchange: Exchange): void => {
    this.#releaseNetwork(exchange);
    this.#context.send(exchange.peer, exchange.response as Message);
    this.#answered(exchange.request, exchange.peer);
  };

  /** The request's connection is unmuted (its response was sent, or it needs none). */
  #answered(request: Message, from: string): void {
    this.#mutes.release(this.#mutes.connectionOf(request, from), request);
  }

  /**
   * A network thread's work: it waits for a free thread, then runs on the cores; then the thread
   * is released (#releaseNetwork) and the exchange goes on.
   */
  #onNetworkThread(exchange: Exchange, cpuUs: number, label: string): void {
    exchange.networkUs = cpuUs;
    this.networkPool.hold(label, this.#networkStart, exchange);
  }

  readonly #networkStart = (exchange: Exchange, job: HeldJob): void => {
    exchange.job = job;
    this.#context.runCpu(exchange.networkUs, job.label, exchange.resume);
  };

  #releaserOf(exchange: Exchange): () => void {
    return () => this.#releaseIo(exchange);
  }

  #releaseNetwork(exchange: Exchange): void {
    this.networkPool.release(exchange.job as HeldJob);
    exchange.job = null;
  }

  #handle(exchange: Exchange): void {
    const message = exchange.request;
    if (message.kind === 'produceRequest') {
      this.#handleProduce(exchange, message);
      return;
    }
    if (message.kind === 'fetchRequest') {
      // The request's CPU first; then fetchServer.ts reads and answers or parks it.
      exchange.next = this.#fetchAfterCpu;
      this.#afterCpu(this.#context.config.ioRequestUs, exchange.resume);
      return;
    }
    const from = exchange.peer;
    const release = this.#releaserOf(exchange);
    switch (message.kind) {
      case 'metadataRequest': {
        const partitions = this.metadataSnapshot();
        this.#afterCpu(this.#context.config.ioRequestUs, () => {
          release();
          const response: Message = {
            kind: 'metadataResponse',
            requestId: message.requestId,
            partitions,
            topicPartitions: this.topicPartitionsSnapshot(),
          };
          this.#respond(from, response, message);
        });
        return;
      }
      case 'listOffsetsRequest':
        this.#afterCpu(this.#context.config.ioRequestUs, () => {
          release();
          const partitions = message.partitions.map((partitionIndex) => ({
            partitionIndex,
            ...listOffset(this.#replicas.get(partitionIndex), message.latest),
          }));
          const response: Message = {
            kind: 'listOffsetsResponse',
            requestId: message.requestId,
            partitions,
          };
          this.#respond(from, response, message);
        });
        return;
      default:
        if (isGroupMessage(message)) {
          this.#afterCpu(this.#context.config.ioRequestUs, () => {
            release();
            this.onGroupRequest(message, from, (reply) => this.#respond(from, reply, message));
          });
          return;
        }
        release();
        this.#answered(message, from);
    }
  }

  readonly #fetchAfterCpu = (exchange: Exchange): void => {
    const request = exchange.request as FetchRequest;
    this.#fetches.handle(request, exchange.peer, this.#releaserOf(exchange));
  };

  #afterCpu(cpuUs: number, run: () => void): void {
    this.#context.runCpu(cpuUs, 'io/cpu', run);
  }

  #handleProduce(exchange: Exchange, request: ProduceRequest): void {
    const config = this.#context.config;
    let bytes = 0;
    let validateUs = 0;
    for (const batch of request.batches) {
      bytes += batch.bytes;
      validateUs += batch.validateUs;
    }
    // LogValidator decompresses compressed batches to check their records.
    const cpuUs = config.ioRequestUs + Math.ceil((bytes / 1024) * config.ioPerKiBUs + validateUs);
    exchange.next = this.#appendAll;
    this.#afterCpu(cpuUs, exchange.resume);
  }

  readonly #appendAll = (exchange: Exchange): void => {
    const request = exchange.request as ProduceRequest;
    const from = exchange.peer;
    const results: ProduceResult[] = [];
    const appended: Appended[] = [];
    const durable = new Latch(() => {
      this.#releaseIo(exchange);
      this.#afterAppend(request, from, results, appended);
    });
    const cause = this.#context.detail.on
      ? { requestId: request.requestId, peer: from }
      : undefined;
    const lane = new FlushLane();
    for (const batch of request.batches) {
      const error = this.#replicas.produceError(batch.partitionIndex, request.acks);
      const replica = this.#replicas.get(batch.partitionIndex);
      const leaderEpoch = replica?.leaderEpoch ?? -1;
      const result: ProduceResult = {
        batchId: batch.batchId,
        error,
        baseOffset: -1,
        leaderEpoch,
        currentLeader: replica?.leader ?? -1,
      };
      results.push(result);
      if (request.acks === 0 && error !== 'NONE')
        acksZeroRefused(this.#context, from, batch, error);
      if (error !== 'NONE' || replica === undefined) continue;
      const earlierOffset = replica.log.recentBatchOffset(batch.producerId, batch.sequence);
      const isDuplicate = earlierOffset >= 0;
      if (isDuplicate && request.idempotent) {
        // Already written: no append; the answer waits for the original like any other batch.
        result.baseOffset = earlierOffset;
        result.leaderEpoch = replica.log.epochAt(earlierOffset);
        const endOffset = earlierOffset + batch.recordCount;
        appended.push({
          index: results.length - 1,
          partitionIndex: batch.partitionIndex,
          endOffset,
        });
        continue;
      }
      if (isDuplicate) {
        this.#context.emit({
          kind: 'duplicateAppend',
          atUs: this.#context.sim.nowUs,
          broker: this.#context.brokerId,
          partition: replica.info.name,
          recordCount: batch.recordCount,
        });
      }
      durable.add();
      result.baseOffset = this.#replicas.appendAsLeader(
        batch.partitionIndex,
        batch,
        durable.arrive,
        lane,
        cause,
      );
      this.producedBytes += batch.bytes;
      this.producedRecords += batch.recordCount;
      if (request.acks === 0)
        acksZeroAppended(this.#context, from, replica, result.baseOffset, batch);
      appended.push({
        index: results.length - 1,
        partitionIndex: batch.partitionIndex,
        endOffset: result.baseOffset + batch.recordCount,
      });
    }
    durable.arrive();
  };

  #afterAppend(
    request: ProduceRequest,
    from: string,
    results: ProduceResult[],
    appended: Appended[],
  ): void {
    if (request.acks === 0) {
      // No response: the no-op response unmutes the connection. After an error the broker
      // closes it instead, so that the producer refreshes its metadata (KafkaApis).
      this.#answered(request, from);
      if (results.some((result) => result.error !== 'NONE')) {
        this.#context.send(from, { kind: 'connectionReset', channel: 0 });
      }
      return;
    }
    if (request.acks === 1 || appended.length === 0) {
      this.#respondProduce(request, from, results);
      return;
    }
    const delayed = new DelayedProduce(this.#delayed, request, from, results, appended);
    for (let batchIndex = 0; batchIndex < appended.length; batchIndex++) {
      const entry = appended[batchIndex] as Appended;
      this.#replicas.awaitHighWatermark(entry.partitionIndex, entry.endOffset, delayed, batchIndex);
    }
  }

  #respondProduce(request: ProduceRequest, from: string, results: ProduceResult[]): void {
    if (this.#context.detail.on) recordProduceResponse(this.#context, request, from, results);
    const response: Message = { kind: 'produceResponse', requestId: request.requestId, results };
    this.#respond(from, response, request);
  }
}
