"""The hold model of bench/engine.ts in SimPy 3, for `npm run bench -- simpy`.

P events pending; each handled event schedules one new event at now + a delay drawn from an
exponential distribution (mean 1000 us, rounded to an integer), so the queue stays at P. Two
SimPy idioms, both timed over the same number of handled events:
  callback  a Timeout event whose callback creates the next Timeout (the same shape as
            Simulation.schedule(delay, label, callback));
  process   P generator processes, each looping `yield env.timeout(delay)` (SimPy's usual style;
            each loop turn is one Timeout plus the process resumption).
Only env.step() calls are timed (perf_counter), not the interpreter start or the initial
schedule. Python's random (Mersenne Twister, seeded) draws the delays: the same distribution as
the engine's alea stream, not the same numbers. Usage:
  python3 simpy_hold.py PENDING EVENTS  -> one JSON line {"callback": {...}, "process": {...}}
"""

import json
import math
import random
import sys
import time

import simpy

MEAN_DELAY_US = 1000


def delays(seed):
    draw = random.Random(seed).random
    return lambda: round(-MEAN_DELAY_US * math.log(1.0 - draw()))


def timed_steps(env, events):
    step = env.step
    start = time.perf_counter()
    for _ in range(events):
        step()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "eventsPerSec": events / seconds, "nowUs": env.now}


def callback_run(pending, events):
    env = simpy.Environment()
    delay = delays(1)

    def hold(_event):
        env.timeout(delay()).callbacks.append(hold)

    for _ in range(pending):
        env.timeout(delay()).callbacks.append(hold)
    return timed_steps(env, events)


def process_run(pending, events):
    env = simpy.Environment()
    delay = delays(1)

    def holder():
        while True:
            yield env.timeout(delay())

    for _ in range(pending):
        env.process(holder())
    # Each process's start is an Initialize event; handle them before timing.
    for _ in range(pending):
        env.step()
    return timed_steps(env, events)


def main():
    pending, events = int(sys.argv[1]), int(sys.argv[2])
    result = {
        "simpy": simpy.__version__,
        "python": sys.version.split()[0],
        "callback": callback_run(pending, events),
        "process": process_run(pending, events),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
