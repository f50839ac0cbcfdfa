/** Compares normalised Kafka versions ("0.11", "2.6", "4.0") numerically. */
export function versionAtLeast(version: string, atLeast: string): boolean {
  const a = version.split('.').map(Number);
  const b = atLeast.split('.').map(Number);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const left = a[index] ?? 0;
    const right = b[index] ?? 0;
    if (left !== right) return left > right;
  }
  return true;
}
