"""OpenVLA's dataset_statistics.json entry for the union of several vla4j datasets (the same
numbers `vla4j stats compute --dataset` gives for one folder: mean, std, min, max, q01, q99 with
numpy's default linear-interpolation quantiles, action mask [true x6, false], counts).

  python training/union_stats.py --key vla4j_object --out S.json DS1 DS2 ...  [--merge OTHER.json]"""
import argparse
import json
import os

import numpy as np
import pyarrow.parquet as pq


def columns(root):
    files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(root, "data")) for f in fs if f.endswith(".parquet"))
    acts, states, eps = [], [], 0
    for f in files:
        t = pq.read_table(f, columns=["action", "observation.state", "episode_index"])
        acts.append(np.asarray(t.column("action").to_pylist(), dtype=np.float32))
        states.append(np.asarray(t.column("observation.state").to_pylist(), dtype=np.float32))
        eps = max(eps, int(t.column("episode_index").to_numpy().max()) + 1)
    return np.concatenate(acts), np.concatenate(states), eps


def stats(x, mask=None):
    x = x.astype(np.float64)
    out = {"mean": x.mean(0).tolist(), "std": x.std(0).tolist(), "max": x.max(0).tolist(), "min": x.min(0).tolist(),
           "q01": np.quantile(x, 0.01, axis=0).tolist(), "q99": np.quantile(x, 0.99, axis=0).tolist()}
    if mask is not None:
        out["mask"] = mask
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--key", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--merge", action="append", default=[], help="another dataset_statistics.json whose keys to keep (repeatable)")
    ap.add_argument("datasets", nargs="+")
    a = ap.parse_args()
    acts, states, trajectories = [], [], 0
    for d in a.datasets:
        x, s, n = columns(d)
        acts.append(x)
        states.append(s)
        trajectories += n
    acts, states = np.concatenate(acts), np.concatenate(states)
    result = {}
    for m in a.merge:
        for k, v in json.load(open(m)).items():
            assert k not in result and k != a.key, f"key {k} twice"
            result[k] = v
    result[a.key] = {"action": stats(acts, [True] * 6 + [False]), "proprio": stats(states),
                     "num_transitions": int(len(acts)), "num_trajectories": int(trajectories)}
    json.dump(result, open(a.out, "w"), indent=2)
    print(f"{a.key}: {len(acts)} transitions, {trajectories} trajectories; keys {sorted(result)}")
