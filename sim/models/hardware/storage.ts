/**
 * A broker's storage: disks (one BandwidthServer for writes and one for reads each, plus a fixed
 * per-operation latency) behind the Linux page cache. Appends land in the page cache as dirty
 * bytes; a background writeback per disk drains them to the disk at the disk's bandwidth. When
 * dirty bytes pass vm.dirty_ratio of the cache, writers are throttled until writeback catches up,
 * so a long run is disk-bound even when a short one looks memory-fast (vm.dirty_background_ratio
 * is where the kernel starts writing back; the model writes back whenever data is dirty, as the
 * flusher does once a few seconds of data have aged). fsync writes the given bytes synchronously
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
  dirtyRatio: number;
  /** Extra bytes written per appended byte (index files, headers): 1.0 + amplification. */
  writeAmplificationRatio: number;
}

const WRITEBACK_CHUNK_BYTES = 4 * 1024 * 1024;

interface Disk {
  spec: DiskSpec;
  write: BandwidthServer;
  read: BandwidthServer;
  dirtyBytes: number;
  writingBack: boolean;
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
      writingBack: false,
      slowFactor: 1,
    }));
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
    disk.dirtyBytes += bytes * this.#spec.writeAmplificationRatio;
    this.#startWriteback(disk);
    if (this.dirtyBytes <= this.dirtyLimitBytes) onDone();
    else this.#throttled.push(onDone);
    return this.writtenBytes;
  }

  /** fsync: the bytes written synchronously to the disk, then the device flush latency. */
  fsync(diskIndex: number, bytes: number, onDone: () => void): void {
    const disk = this.#disk(diskIndex);
    const synced = Math.min(disk.dirtyBytes, bytes * this.#spec.writeAmplificationRatio);
    disk.dirtyBytes -= synced;
    disk.write.start(synced, 'fsync', () => {
      this.#sim.schedule(disk.spec.fsyncLatencyUs * disk.slowFactor, 'disk/fsync', onDone);
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
      this.#sim.schedule(disk.spec.latencyUs * disk.slowFactor, 'disk/read', onDone);
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
    assert(disk !== undefined, `${this.path}: no disk ${index}`);
    return disk;
  }

  #startWriteback(disk: Disk): void {
    if (disk.writingBack || disk.dirtyBytes <= 0) return;
    disk.writingBack = true;
    const chunk = Math.min(disk.dirtyBytes, WRITEBACK_CHUNK_BYTES);
    disk.write.start(chunk, 'writeback', () => {
      disk.writingBack = false;
      disk.dirtyBytes = Math.max(0, disk.dirtyBytes - chunk);
      this.#releaseThrottled();
      this.#startWriteback(disk);
    });
  }

  #releaseThrottled(): void {
    while (this.#throttled.length > 0 && this.dirtyBytes <= this.dirtyLimitBytes) {
      (this.#throttled.shift() as () => void)();
    }
  }
}
