/**
 * A broker's storage: disks (one BandwidthServer for writes and one for reads each, plus a fixed
 * per-operation latency) behind the Linux page cache. Appends land in the page cache as dirty
 * bytes. The kernel's flusher writes them back as Linux does: every dirty_writeback_centisecs (5 s)
 * it writes data dirty for longer than dirty_expire_centisecs (30 s), and once dirty bytes pass
 * vm.dirty_background_ratio of the cache it writes back continuously at the disk's bandwidth.
 * Past vm.dirty_ratio, writers are throttled until writeback catches up, so a long run is
 * disk-bound even when a short one looks memory-fast. fsync writes the given bytes synchronously
 * and adds the device's flush latency. Reads of data newer than the cache size are memory hits;
 * older data is read from disk. What it leaves out: read-ahead, cache eviction by reads, the
 * index files' small writes (folded into a write-amplification factor).
 */
import { assert, BandwidthServer, Fifo, type Simulation } from '../../engine/index.ts';

export interface DiskSpec {
  writeBytesPerSec: number;
  readBytesPerSec: number;
  latencyUs: number;
  fsyncLatencyUs: number;
}

export interface StorageSpec {
  disks: DiskSpec[];
  pageCacheBytes: number;
  dirtyBackgroundRatio: number;
  dirtyRatio: number;
  /** Extra bytes written per appended byte (index files, headers): 1.0 + amplification. */
  writeAmplificationRatio: number;
}

const WRITEBACK_CHUNK_BYTES = 16 * 1024 * 1024;
/** Linux defaults: vm.dirty_writeback_centisecs = 500, vm.dirty_expire_centisecs = 3000. */
export const FLUSHER_INTERVAL_US = 5_000_000;
export const DIRTY_EXPIRE_US = 30_000_000;
/** Dirty data is aged in buckets of this width. */
const AGE_BUCKET_US = 1_000_000;

interface DirtyBucket {
  sinceUs: number;
  bytes: number;
}

interface Disk {
  spec: DiskSpec;
  write: BandwidthServer;
  read: BandwidthServer;
  dirtyBytes: number;
  /** Dirty bytes by age, oldest first. */
  buckets: DirtyBucket[];
  /** Bytes of the write-back in flight (still counted as dirty until written). */
  writingBackBytes: number;
  slowFactor: number;
}

export class Storage {
  readonly path: string;
  readonly #sim: Simulation;
  readonly #spec: StorageSpec;
  readonly #disks: Disk[];
  readonly #throttled = new Fifo<() => void>();
  /** Cumulative bytes appended on this broker: an entry's age in the page cache. */
  writtenBytes = 0;
  cacheHitBytes = 0;
  cacheMissBytes = 0;

  constructor(sim: Simulation, spec: StorageSpec, path: string) {
    assert(spec.disks.length > 0, `${path}: no disks`);
    this.#sim = sim;
    this.#spec = spec;
    this.path = path;
    this.#disks = spec.disks.map((disk, index) => ({
      spec: disk,
      write: new BandwidthServer(sim, {
        path: `${path}/disk/${index}/write`,
        bytesPerSec: disk.writeBytesPerSec,
      }),
      read: new BandwidthServer(sim, {
        path: `${path}/disk/${index}/read`,
        bytesPerSec: disk.readBytesPerSec,
      }),
      dirtyBytes: 0,
      buckets: [],
      writingBackBytes: 0,
      slowFactor: 1,
    }));
    this.#scheduleFlusher();
  }

  #scheduleFlusher(): void {
    this.#sim.schedule(FLUSHER_INTERVAL_US, 'storage/flusher', () => {
      for (const disk of this.#disks) this.#startWriteback(disk);
      this.#scheduleFlusher();
    });
  }

  get diskCount(): number {
    return this.#disks.length;
  }

  get dirtyBytes(): number {
    let total = 0;
    for (const disk of this.#disks) total += disk.dirtyBytes;
    return total;
  }

  get dirtyLimitBytes(): number {
    return this.#spec.pageCacheBytes * this.#spec.dirtyRatio;
  }

  diskWrite(index: number): BandwidthServer {
    return this.#disk(index).write;
  }

  diskRead(index: number): BandwidthServer {
    return this.#disk(index).read;
  }

  /** Writes `bytes` into the page cache; `onDone` runs at once, or when throttling lets it. */
  append(diskIndex: number, bytes: number, onDone: () => void): number {
    const disk = this.#disk(diskIndex);
    this.writtenBytes += bytes;
    this.#addDirty(disk, bytes * this.#spec.writeAmplificationRatio);
    if (this.dirtyBytes > this.#backgroundLimitBytes) this.#startWriteback(disk);
    if (this.dirtyBytes <= this.dirtyLimitBytes) onDone();
    else this.#throttled.push(onDone);
    return this.writtenBytes;
  }

  /** fsync: the bytes written synchronously to the disk, then the device flush latency. */
  fsync(diskIndex: number, bytes: number, onDone: () => void): void {
    const disk = this.#disk(diskIndex);
    const synced = this.#removeNewest(disk, bytes * this.#spec.writeAmplificationRatio);
    disk.write.start(synced, 'fsync', () => {
      this.#sim.schedule(
        Math.ceil(disk.spec.fsyncLatencyUs * disk.slowFactor),
        'disk/fsync',
        onDone,
      );
    });
  }

  /** Reads bytes appended at `cachePosition` (or older): from memory if still cached. */
  read(diskIndex: number, bytes: number, cachePosition: number, onDone: () => void): boolean {
    if (bytes <= 0 || this.isCached(cachePosition)) {
      this.cacheHitBytes += bytes;
      onDone();
      return true;
    }
    this.cacheMissBytes += bytes;
    const disk = this.#disk(diskIndex);
    disk.read.start(bytes, 'read', () => {
      this.#sim.schedule(Math.ceil(disk.spec.latencyUs * disk.slowFactor), 'disk/read', onDone);
    });
    return false;
  }

  isCached(cachePosition: number): boolean {
    return this.writtenBytes - cachePosition < this.#spec.pageCacheBytes;
  }

  /** A slow disk: bandwidth divided and latency multiplied by `factor` (1 restores it). */
  setSlowFactor(diskIndex: number, factor: number): void {
    const disk = this.#disk(diskIndex);
    disk.slowFactor = factor;
    disk.write.setBytesPerSec(disk.spec.writeBytesPerSec / factor);
    disk.read.setBytesPerSec(disk.spec.readBytesPerSec / factor);
  }

  /** A crash: the process dies, the kernel's page cache (and its dirty data) survives. */
  dropWaiters(): void {
    this.#throttled.clear();
  }

  #disk(index: number): Disk {
    const disk = this.#disks[index];
    // On every disk operation: the message is built only when the check fails.
    if (disk === undefined) assert(false, `${this.path}: no disk ${index}`);
    return disk;
  }

  get #backgroundLimitBytes(): number {
    return this.#spec.pageCacheBytes * this.#spec.dirtyBackgroundRatio;
  }

  #addDirty(disk: Disk, bytes: number): void {
    disk.dirtyBytes += bytes;
    const sinceUs = this.#sim.nowUs - (this.#sim.nowUs % AGE_BUCKET_US);
    const last = disk.buckets[disk.buckets.length - 1];
    if (last !== undefined && last.sinceUs === sinceUs) last.bytes += bytes;
    else disk.buckets.push({ sinceUs, bytes });
  }

  /** Takes up to `bytes` of the newest dirty data (an fsync of the file just written). */
  #removeNewest(disk: Disk, bytes: number): number {
    let left = Math.min(bytes, disk.dirtyBytes - disk.writingBackBytes);
    const removed = Math.max(0, left);
    while (left > 0 && disk.buckets.length > 0) {
      const last = disk.buckets[disk.buckets.length - 1] as DirtyBucket;
      const take = Math.min(last.bytes, left);
      last.bytes -= take;
      left -= take;
      if (last.bytes <= 0) disk.buckets.pop();
    }
    disk.dirtyBytes -= removed;
    return removed;
  }

  /** Bytes the flusher should write now: all above the background limit, else expired ones. */
  #writebackDue(disk: Disk): number {
    const available = disk.dirtyBytes - disk.writingBackBytes;
    if (available <= 0) return 0;
    if (this.dirtyBytes > this.#backgroundLimitBytes) return available;
    let expired = -disk.writingBackBytes;
    for (const bucket of disk.buckets) {
      if (this.#sim.nowUs - bucket.sinceUs < DIRTY_EXPIRE_US) break;
      expired += bucket.bytes;
    }
    return Math.max(0, expired);
  }

  #startWriteback(disk: Disk): void {
    if (disk.writingBackBytes > 0) return;
    const chunk = Math.min(this.#writebackDue(disk), WRITEBACK_CHUNK_BYTES);
    if (chunk <= 0) return;
    disk.writingBackBytes = chunk;
    disk.write.start(chunk, 'writeback', () => {
      disk.writingBackBytes = 0;
      this.#removeOldest(disk, chunk);
      this.#releaseThrottled();
      this.#startWriteback(disk);
    });
  }

  #removeOldest(disk: Disk, bytes: number): void {
    let left = Math.min(bytes, disk.dirtyBytes);
    disk.dirtyBytes -= left;
    while (left > 0 && disk.buckets.length > 0) {
      const first = disk.buckets[0] as DirtyBucket;
      const take = Math.min(first.bytes, left);
      first.bytes -= take;
      left -= take;
      if (first.bytes <= 0) disk.buckets.shift();
    }
  }

  #releaseThrottled(): void {
    while (this.#throttled.length > 0 && this.dirtyBytes <= this.dirtyLimitBytes) {
      (this.#throttled.shift() as () => void)();
    }
  }
}
