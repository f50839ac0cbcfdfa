import { describe, expect, it } from 'vitest';
import { assign, murmur2, partitionForKey, simulate, Simulation } from 'kafkasim';
import { Simulation as EngineSimulation } from 'kafkasim/engine';

describe("the package's exports", () => {
  it("import { ... } from 'kafkasim' resolves to the library surface from the repo root", () => {
    // Kafka's UtilsTest: murmur2("21") is -973932308.
    expect(murmur2(new TextEncoder().encode('21'))).toBe(-973932308);
    expect(partitionForKey('key-1', 12)).toBeGreaterThanOrEqual(0);
    expect(typeof assign).toBe('function');
    expect(typeof simulate).toBe('function');
    expect(Simulation).toBe(EngineSimulation);
  });
});
