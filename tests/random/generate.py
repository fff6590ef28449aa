#!/usr/bin/env python3
"""Random datasets for the differential check against R (tests/random/README.md).

Writes cases.csv (the annual.csv rows of every case) and args.csv (the compare
options of every case) next to this script. The seed is fixed: running it again
gives the same files. Then run expected.R to compute what R says about them.
"""
import csv
import math
import os
import random

N_CASES = 520
SEED = 20250227
HERE = os.path.dirname(os.path.abspath(__file__))


def poisson(rng, lam):
    """A Poisson draw: Knuth's product for small means, a rounded normal above."""
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


def series(rng, kind, n):
    """n yearly counts of one kind of series, each 0..1e6."""
    if kind == "zeros":
        return [0] * n
    if kind == "equal":
        return [rng.choice([0, 1, 7, 65, 1000, 123457, 1000000])] * n
    if kind == "separated":
        # every nonzero count in one end year: no Poisson estimate exists
        c = [0] * n
        c[-1 if rng.random() < 0.5 else 0] = rng.choice([1, 3, 50, 999999])
        return c
    if kind == "one-inside":
        # one nonzero count inside the range: the estimate exists
        c = [0] * n
        c[rng.randrange(1, n - 1)] = rng.choice([1, 2, 40])
        return c
    level = 10 ** rng.uniform(0, 6)
    growth = rng.uniform(-0.15, 0.15)
    c = []
    for i in range(n):
        lam = min(level * math.exp(growth * (i - n / 2)), 1e6)
        k = poisson(rng, lam)
        if kind == "dispersed":
            k = int(k * rng.choice([0.3, 1, 1, 2.5]))
        if kind == "some-zeros" and rng.random() < 0.3:
            k = 0
        c.append(min(k, 1000000))
    return c


def main():
    rng = random.Random(SEED)
    kinds = (["poisson"] * 10 + ["dispersed"] * 4 + ["some-zeros"] * 3 + ["zeros", "equal", "equal"] +
             ["separated"] * 2 + ["one-inside"])
    rows, args = [], []
    for case in range(1, N_CASES + 1):
        kind = kinds[case % len(kinds)]
        n = rng.randint(3, 40)
        first = rng.randint(1900, 2100 - n + 1)
        counts = series(rng, kind, n)
        if kind == "one-inside" and n < 3:
            kind = "poisson"
        # gaps: years without a figure, never so many that fewer than 3 remain
        # (a series that must stay whole keeps every year)
        keep = list(range(n))
        if kind not in ("separated", "one-inside") and n > 3 and rng.random() < 0.5:
            for i in rng.sample(range(n), rng.randint(1, max(1, (n - 3) // 2))):
                keep.remove(i)
        present = set(keep)
        for i in keep:
            year, count = first + i, counts[i]
            r = rng.random()
            if r < 0.55:
                rows.append([case, year, count, "s1", ""])
            elif r < 0.8:
                # repeated by several sources
                for s in rng.sample(["s1", "s2", "s3"], rng.randint(2, 3)):
                    rows.append([case, year, count, s, ""])
            else:
                # conflicting sources: the preferred figure is the one used
                other = count + rng.choice([-3, -1, 1, 2, 10, 1000])
                if other < 0:
                    other = count + 1
                conflict = [[case, year, other, "s2", "alternative"], [case, year, count, "s1", "preferred"]]
                if rng.random() < 0.5:
                    conflict.append([case, year, count, "s3", "preferred"])
                rng.shuffle(conflict)
                rows.extend(conflict)
        # compare: a baseline of consecutive years with figures, a count and a
        # date in a year with a figure or in a gap
        runs, start = [], None
        for i in range(n + 1):
            if i < n and i in present:
                start = i if start is None else start
            elif start is not None:
                runs.append((start, i - 1))
                start = None
        a, b = rng.choice(runs)
        lo = rng.randint(a, b)
        hi = rng.randint(lo, min(b, lo + 9))
        count = rng.choice([0, 1, 5, 29, rng.randint(0, 1000000), rng.randint(0, 1000)])
        year = first + rng.randrange(n)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        args.append([case, first + lo, first + hi, count, "%04d-%02d-%02d" % (year, month, day), kind])
    with open(os.path.join(HERE, "cases.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "year", "count", "source", "status"])
        w.writerows(rows)
    with open(os.path.join(HERE, "args.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "baseline_from", "baseline_to", "count", "date", "kind"])
        w.writerows(args)


if __name__ == "__main__":
    main()
