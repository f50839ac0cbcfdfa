/**
 * The thread that appends (a request handler thread with a produce request, a replica fetcher
 * thread with a fetch answer) flushes inside Log.append when flush.messages says so (UnifiedLog:
 * `if (unflushedMessages >= flushInterval) flush()`), so the logs one thread appends to are forced
 * one after the other: the fsyncs of one request or one fetch answer run in a lane, in order.
 */
import { Fifo } from '../../engine/index.ts';
import type { FsyncPort } from './logFlusher.ts';

export class FlushLane {
  #busy = false;
  /** Made only when a second flush comes: a lane is made per produce request and fetch answer,
   * and most have no flush at all. */
  #waiting: Fifo<(done: () => void) => void> | null = null;
  /** Starts the next waiting flush; bound at the lane's first flush, for the same reason. */
  #next: (() => void) | null = null;

  /** Runs `flush` once the flushes queued before it are done; it calls `done` when finished. */
  run(flush: (done: () => void) => void): void {
    if (this.#busy) {
      this.#waiting ??= new Fifo();
      this.#waiting.push(flush);
      return;
    }
    this.#busy = true;
    flush((this.#next ??= this.#startNext.bind(this)));
  }

  /**
   * A log flush of `bytes`, in the lane. LogSegment.flush forces the segment and then its offset
   * and time indexes; the disk's fsync latency stands for the whole of it.
   */
  flush(storage: FsyncPort, diskIndex: number, bytes: number, onDone: () => void): void {
    this.run((done) => {
      const finished = (): void => {
        done();
        onDone();
      };
      storage.fsync(diskIndex, bytes, finished);
    });
  }

  #startNext(): void {
    const flush = this.#waiting?.shift();
    if (flush === undefined) this.#busy = false;
    else flush(this.#next as () => void);
  }
}
