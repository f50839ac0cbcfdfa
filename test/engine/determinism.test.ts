/**
 * Determinism of the engine on a small random model: entities tick at random intervals from their
 * own streams and send messages to each other. The same seed gives the same log, and adding an
 * unrelated entity leaves the others' logs unchanged, event for event.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/engine/index.ts';

type Log = Array<[string, number]>;

interface ModelOptions {
  seed: number;
  entitiesCount: number;
  /** Adds an entity that draws from its own stream and talks to nobody. */
  withBystander: boolean;
}

/** Runs the model for one simulated second; returns the global log and one log per entity. */
function runModel(options: ModelOptions): { global: Log; byEntity: Map<string, Log> } {
  const sim = new Simulation({ seed: options.seed });
  const global: Log = [];
  const byEntity = new Map<string, Log>();
  const record = (entity: string, label: string) => {
    global.push([label, sim.nowUs]);
    byEntity.get(entity)?.push([label, sim.nowUs]);
  };
  const handlers = new Map<string, (from: string) => void>();
  const names: string[] = [];
  for (let index = 0; index < options.entitiesCount; index++) names.push(`entity/${index}`);
  for (const name of names) {
    byEntity.set(name, []);
    const random = sim.stream(name);
    const onMessage = (from: string) => {
      record(name, `${name}/onMessage from ${from} draw ${random.integer(0, 9)}`);
    };
    const tick = () => {
      record(name, `${name}/tick`);
      if (random.chance(0.5)) {
        const target = names[random.integer(0, names.length - 1)] as string;
        const delayUs = random.lognormalIntByMedian(200, 0.5);
        sim.schedule(delayUs, `${target}/onMessage`, () => handlers.get(target)?.(name));
      }
      sim.schedule(random.exponentialInt(5_000), `${name}/tick`, tick);
    };
    handlers.set(name, onMessage);
    sim.schedule(random.integer(0, 1000), `${name}/tick`, tick);
  }
  if (options.withBystander) {
    const random = sim.stream('bystander');
    byEntity.set('bystander', []);
    const tick = () => {
      record('bystander', 'bystander/tick');
      // Same-time events on purpose: the bystander's seq numbers interleave with the others'.
      sim.schedule(random.chance(0.3) ? 0 : random.integer(1, 3000), 'bystander/tick', tick);
    };
    sim.schedule(0, 'bystander/tick', tick);
  }
  sim.run({ untilUs: 1_000_000, eventsMax: 1_000_000 });
  return { global, byEntity };
}

describe('Simulation determinism', () => {
  it('run() with the same seed twice gives identical logs', () => {
    const first = runModel({ seed: 99, entitiesCount: 5, withBystander: false });
    const second = runModel({ seed: 99, entitiesCount: 5, withBystander: false });
    expect(first.global.length).toBeGreaterThan(1000);
    expect(second.global).toEqual(first.global);
    const otherSeed = runModel({ seed: 100, entitiesCount: 5, withBystander: false });
    expect(otherSeed.global).not.toEqual(first.global);
  });

  it("sim.stream(path) for an unrelated entity leaves the other entities' logs unchanged", () => {
    const without = runModel({ seed: 99, entitiesCount: 5, withBystander: false });
    const withBystander = runModel({ seed: 99, entitiesCount: 5, withBystander: true });
    expect((withBystander.byEntity.get('bystander') ?? []).length).toBeGreaterThan(100);
    for (const [entity, log] of without.byEntity) {
      expect(log.length).toBeGreaterThan(100);
      expect(withBystander.byEntity.get(entity), entity).toEqual(log);
    }
    const others = withBystander.global.filter(([label]) => !label.startsWith('bystander'));
    expect(others).toEqual(without.global);
  });
});
