#!/usr/bin/python3
"""Optuna's figures for tunebatch's Pareto benchmark (ParetoBench.java beside this file).

Runs NSGA-II and MOTPE (Optuna's multi-objective TPE) on the same problems as ParetoProblem.java (ZDT1 in 6-D,
ZDT2 in 4-D, the LM quality/cost space) for the same seeds, and writes the hypervolume after 50 and 100 trials
(mean, min, max, per seed) with the same reference points as JSON: hv_N with the reference point, hv_N_loose with
the loose one (for ZDT, every trial falls within it).

Run with Debian's python3-optuna:  /usr/bin/python3 pareto_optuna.py [--seeds 10] [--out target/bench/pareto-optuna.json]
"""
import argparse
import json
import math
import platform
import sys
import time
import warnings

import numpy
import optuna

BUDGETS = (50, 100)


def zdt(dimensions, concave):
    def objective(trial):
        x = [trial.suggest_float("x%d" % i, 0.0, 1.0) for i in range(1, dimensions + 1)]
        f1 = x[0]
        g = 1 + 9 * sum(x[1:]) / (dimensions - 1)
        ratio = f1 / g
        f2 = g * (1 - (ratio * ratio if concave else math.sqrt(ratio)))
        return f1, f2
    return objective


BASE = {"small": 0.55, "medium": 0.68, "large": 0.78}
PRICE = {"small": 0.2, "medium": 1.0, "large": 5.0}
BEST_TEMPERATURE = {"terse": 0.2, "detailed": 0.5, "cot": 0.8}
PROMPT_GAIN = {"terse": 0.0, "detailed": 0.03, "cot": 0.07}
PROMPT_TOKENS = {"terse": 60, "detailed": 250, "cot": 180}
OUTPUT_TOKENS = {"terse": 20, "detailed": 40, "cot": 250}


def lm_quality_cost(trial):
    model = trial.suggest_categorical("model", ["small", "medium", "large"])
    temperature = trial.suggest_float("temperature", 0.0, 1.5)
    shots = trial.suggest_int("shots", 0, 16)
    prompt = trial.suggest_categorical("prompt", ["terse", "detailed", "cot"])
    reasoning = trial.suggest_categorical("reasoning", [False, True]) if model == "large" else False
    samples = trial.suggest_int("samples", 1, 5) if model == "small" else 1
    dt = temperature - BEST_TEMPERATURE[prompt]
    quality = (BASE[model] + 0.10 * (1 - math.exp(-shots / 4.0)) - 0.12 * dt * dt
               + (-0.03 if model == "small" and prompt == "cot" else PROMPT_GAIN[prompt])
               + (0.06 if reasoning else 0.0) + 0.04 * math.log(samples) / math.log(2))
    tokens_in = 150 + 90 * shots + PROMPT_TOKENS[prompt]
    tokens_out = OUTPUT_TOKENS[prompt] + (600 if reasoning else 0)
    cost = samples * PRICE[model] * (tokens_in + 4 * tokens_out) / 1000
    return min(quality, 0.97), cost


# name -> (objective, directions, reference point, loose reference point; both of the minimised coordinates)
PROBLEMS = {
    "zdt1_6d": (zdt(6, False), ["minimize", "minimize"], (1.1, 1.1), (1.1, 11.0)),
    "zdt2_4d": (zdt(4, True), ["minimize", "minimize"], (1.1, 1.1), (1.1, 11.0)),
    "lm_quality_cost": (lm_quality_cost, ["maximize", "minimize"], (0.0, 30.0), (0.0, 30.0)),
}


def hypervolume(points, reference):
    """Exact two-dimensional hypervolume of minimised points up to the reference."""
    inside = sorted(p for p in points if p[0] < reference[0] and p[1] < reference[1])
    area, ceiling = 0.0, reference[1]
    for x, y in inside:
        if y < ceiling:
            area += (reference[0] - x) * (ceiling - y)
            ceiling = y
    return area


def minimised(values, directions):
    return tuple(-v if d == "maximize" else v for v, d in zip(values, directions))


def run(problem, sampler_name, seed):
    objective, directions = PROBLEMS[problem][0], PROBLEMS[problem][1]
    if sampler_name == "nsga2":
        sampler = optuna.samplers.NSGAIISampler(seed=seed)
    else:
        sampler = optuna.samplers.MOTPESampler(seed=seed)
    study = optuna.create_study(directions=directions, sampler=sampler)
    study.optimize(objective, n_trials=max(BUDGETS))
    return [minimised(t.values, directions) for t in study.trials if t.values is not None]


def summary(values):
    return {"mean": sum(values) / len(values), "min": min(values), "max": max(values), "per_seed": values}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--out", default="target/bench/pareto-optuna.json")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.simplefilter("ignore")
    results = {}
    for problem in PROBLEMS:
        results[problem] = {}
        for sampler_name in ("nsga2", "motpe"):
            started = time.time()
            per_budget = {b: [] for b in BUDGETS}
            loose = {b: [] for b in BUDGETS}
            for seed in range(1, args.seeds + 1):
                points = run(problem, sampler_name, seed)
                for b in BUDGETS:
                    per_budget[b].append(hypervolume(points[:b], PROBLEMS[problem][2]))
                    loose[b].append(hypervolume(points[:b], PROBLEMS[problem][3]))
            figures = {"hv_%d" % b: summary(per_budget[b]) for b in BUDGETS}
            figures.update({"hv_%d_loose" % b: summary(loose[b]) for b in BUDGETS})
            figures["seconds"] = time.time() - started
            results[problem][sampler_name] = figures
            print("%-16s %-6s hv@50 %.4f hv@100 %.4f" % (problem, sampler_name, figures["hv_50"]["mean"],
                                                        figures["hv_100"]["mean"]), file=sys.stderr)
    report = {
        "benchmark": "pareto-optuna",
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "versions": {"optuna": optuna.__version__, "numpy": numpy.__version__, "python": platform.python_version()},
        "samplers": {"nsga2": "NSGAIISampler(seed) defaults (population 50)",
                     "motpe": "MOTPESampler(seed) defaults (multi-objective TPE, 10 startup trials)"},
        "seeds": list(range(1, args.seeds + 1)),
        "references": {p: {"reference": PROBLEMS[p][2], "loose": PROBLEMS[p][3]} for p in PROBLEMS},
        "results": results,
    }
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print("JSON written to " + args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
