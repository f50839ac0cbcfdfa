/**
 * Hardware presets: a few real machines and kafkasim's generic defaults. Figures marked [AWS] are
 * from the EC2 instance-type pages (vCPU, memory, instance store, network); figures marked [cal]
 * are calibration constants derived in /work/shared/reference/published-results.md or chosen as
 * documented round numbers. Every field can be overridden in a scenario's `hardware:` profile.
 * Left out: IOPS limits (Kafka writes and reads large sequential chunks, so bandwidth binds first;
 * gp3's 3000 IOPS only matters below ~40 KiB per operation), burst credits, CPU frequency.
 */

export interface PresetDisk {
  count: number;
  writeBytesPerSec: number;
  readBytesPerSec: number;
  latencyUs: number;
  fsyncLatencyUs: number;
  capacityBytes: number;
}

export interface HardwarePreset {
  description: string;
  cpuCores: number;
  memoryBytes: number;
  /** JVM heap; the page cache is a fraction of what remains (see pageCacheBytesFor). */
  heapBytes: number;
  disks: PresetDisk[];
  nicBytesPerSec: number;
}

const GiB = 1024 ** 3;
const GB = 1000 ** 3;
const MB = 1000 ** 2;
const gbps = (gigabits: number): number => (gigabits * GB) / 8;

/**
 * Fraction of (memory − heap) the page cache may hold Kafka data in: the rest goes to the kernel,
 * the JVM's off-heap (direct buffers, metaspace) and other processes. 0.8 is kafkasim's choice;
 * Linux typically keeps ~10-20% free or in other caches on a dedicated broker. [cal]
 */
export const PAGE_CACHE_FRACTION = 0.8;

export function pageCacheBytesFor(memoryBytes: number, heapBytes: number): number {
  return Math.max(0, Math.floor((memoryBytes - heapBytes) * PAGE_CACHE_FRACTION));
}

/** Heap of a broker: 6 GiB (the heap Confluent recommends and OMB used) or a quarter of RAM. */
function brokerHeap(memoryBytes: number): number {
  return Math.min(6 * GiB, Math.floor(memoryBytes / 4));
}

export const PRESETS: Record<string, HardwarePreset> = {
  default: {
    description: "kafkasim's generic broker: 8 cores, 32 GiB, one SSD, 10 Gbps [cal]",
    cpuCores: 8,
    memoryBytes: 32 * GiB,
    heapBytes: brokerHeap(32 * GiB),
    // A mid-range datacenter SSD: 500 MB/s sustained write, 1 GB/s read, ~100 µs. [cal]
    disks: [disk(1, 500 * MB, 1000 * MB, 100, 500, 2000 * GB)],
    nicBytesPerSec: gbps(10),
  },
  'aws-i3en.2xlarge': {
    description: '8 vCPU, 64 GiB, 2 x 2,500 GB NVMe instance store, up to 25 Gbps [AWS]',
    cpuCores: 8,
    memoryBytes: 64 * GiB,
    heapBytes: brokerHeap(64 * GiB),
    // The 2.5 TB drives write about 1/3 of a 7.5 TB drive's ~1 GB/s (published-results.md,
    // OMB 2020 analysis): ~325 MB/s each, ~0.65 GB/s per broker. Reads ~1 GB/s each. [cal]
    disks: [disk(2, 325 * MB, 1000 * MB, 50, 200, 2500 * GB)],
    nicBytesPerSec: gbps(25),
  },
  'aws-i3en.6xlarge': {
    description: '24 vCPU, 192 GiB, 2 x 7,500 GB NVMe instance store, 25 Gbps [AWS]',
    cpuCores: 24,
    memoryBytes: 192 * GiB,
    heapBytes: brokerHeap(192 * GiB),
    // ~1 GB/s sequential write per drive (Vanlightly 2023, published-results.md case 7b). [cal]
    disks: [disk(2, 1000 * MB, 2000 * MB, 50, 200, 7500 * GB)],
    nicBytesPerSec: gbps(25),
  },
  'aws-m5.xlarge-gp3': {
    description: '4 vCPU, 16 GiB, one gp3 EBS volume (125 MB/s, 3000 IOPS), up to 10 Gbps [AWS]',
    cpuCores: 4,
    memoryBytes: 16 * GiB,
    heapBytes: brokerHeap(16 * GiB),
    // gp3 baseline: 125 MB/s, 3000 IOPS, single-digit-ms latency; ~0.5-1 ms typical [AWS].
    // The 1 TB size is kafkasim's choice. fsync waits one EBS round trip.
    disks: [disk(1, 125 * MB, 125 * MB, 700, 1000, 1000 * GB)],
    // "Up to 10 Gbps" burst; the sustained baseline is ~1.25 Gbps (override nic for long runs).
    nicBytesPerSec: gbps(10),
  },
  'aws-c5n.2xlarge': {
    description: 'client: 8 vCPU, 21 GiB, EBS only, up to 25 Gbps [AWS] (OMB 2020 workers)',
    cpuCores: 8,
    memoryBytes: 21 * GiB,
    heapBytes: 4 * GiB,
    disks: [],
    nicBytesPerSec: gbps(25),
  },
};

export const DEFAULT_BROKER_PRESET = 'default';
export const DEFAULT_CLIENT_PRESET = 'aws-c5n.2xlarge';

function disk(
  count: number,
  writeBytesPerSec: number,
  readBytesPerSec: number,
  latencyUs: number,
  fsyncLatencyUs: number,
  capacityBytes: number,
): PresetDisk {
  return { count, writeBytesPerSec, readBytesPerSec, latencyUs, fsyncLatencyUs, capacityBytes };
}
