#!/usr/bin/env python3
"""Check a LeRobot v3.0 dataset written by `vla4j collect`, independently of the Java code.

Reads the dataset the way LeRobot's layout describes it (meta/info.json paths, meta/tasks.parquet,
meta/episodes/*, data files), checks column types and shapes, frame/episode/index consistency,
decodes a few PNGs, and recomputes statistics with numpy, comparing them with meta/stats.json and
dataset_statistics.json (relative tolerance 1e-5). Also checks the metadata LeRobot's readers rely
on: meta/tasks.parquet read with pandas (as LeRobot's load_tasks does) has the task strings as its
index and one column task_index; every data file's schema metadata holds a b"huggingface" features
entry equal to what LeRobot derives from meta/info.json (get_hf_features_from_features: image ->
Image, shape [1] -> Value, shape [n] -> List of length n); when HF `datasets` is installed, it
decodes the camera columns as images; meta/vla4j.json equals info.json's vla4j block.
Prints OK or fails with a message.

Usage: python training/check_dataset.py DIR [--key vla4j_object] [--images N]
Needs: pyarrow, numpy, pillow, pandas; uses `datasets` if installed.
"""
import argparse
import glob
import io
import json
import os
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from PIL import Image

try:
    import datasets
except ImportError:
    datasets = None

RTOL = 1e-5
ATOL = 1e-7


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def close(name, got, want):
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        fail(f"{name}: shape {got.shape} != expected {want.shape}")
    if not np.allclose(got, want, rtol=RTOL, atol=ATOL):
        fail(f"{name}: {got.tolist()} != recomputed {want.tolist()}")


def hf_features(feats):
    """The HF features LeRobot declares for info.json features, as Features.to_dict() spells them (datasets >= 4)."""
    out = {}
    for k, ft in feats.items():
        if ft["dtype"] == "video":
            continue
        if ft["dtype"] == "image":
            out[k] = {"_type": "Image"}
        elif list(ft["shape"]) == [1]:
            out[k] = {"dtype": ft["dtype"], "_type": "Value"}
        elif len(ft["shape"]) == 1:
            out[k] = {"feature": {"dtype": ft["dtype"], "_type": "Value"}, "length": ft["shape"][0], "_type": "List"}
        else:
            fail(f"feature {k}: shape {ft['shape']} not written by vla4j")
    return out


def data_file(info, chunk, file):
    return info["data_path"].format(chunk_index=chunk, file_index=file)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root")
    ap.add_argument("--key", help="dataset_statistics.json key (default: its only key)")
    ap.add_argument("--images", type=int, default=8, help="PNGs to decode per camera")
    ap.add_argument("--full-image-stats", type=int, default=5000,
                    help="recompute image stats from every PNG when the dataset has at most this many frames")
    args = ap.parse_args()
    root = args.root

    info = json.load(open(os.path.join(root, "meta/info.json")))
    if info["codebase_version"] != "v3.0":
        fail(f"codebase_version {info['codebase_version']}")
    feats = info["features"]
    image_keys = [k for k, v in feats.items() if v["dtype"] == "image"]
    if sorted(image_keys) != ["observation.images.agentview", "observation.images.wrist"]:
        fail(f"image features {image_keys}")
    h, w, c = feats[image_keys[0]]["shape"]
    if c != 3 or feats[image_keys[0]]["names"] != ["height", "width", "channel"]:
        fail("image feature shape/names")
    own_path = os.path.join(root, "meta/vla4j.json")
    own = json.load(open(own_path)) if os.path.exists(own_path) else None
    if own is None:
        fail("meta/vla4j.json is missing (run `vla4j dataset upgrade DIR`)")
    if "vla4j" in info and info["vla4j"] != own:
        fail("meta/vla4j.json differs from meta/info.json's vla4j block")
    if own.get("image_orientation") != "opengl_bottom_up":
        fail("vla4j.image_orientation must be opengl_bottom_up")

    tasks = pq.read_table(os.path.join(root, "meta/tasks.parquet")).to_pydict()
    if tasks["task_index"] != list(range(len(tasks["task_index"]))):
        fail(f"task_index not 0..T-1: {tasks['task_index']}")
    if len(tasks["task"]) != info["total_tasks"]:
        fail("total_tasks")
    # LeRobot: tasks = pd.read_parquet(meta/tasks.parquet); a frame's task = tasks.iloc[task_index].name
    tdf = pd.read_parquet(os.path.join(root, "meta/tasks.parquet"))
    if tdf.index.name != "task" or list(tdf.index) != tasks["task"] or not all(isinstance(x, str) for x in tdf.index):
        fail(f"pandas reads meta/tasks.parquet with index {tdf.index!r}, expected the task strings named 'task'"
             " (no b'pandas' metadata? run `vla4j dataset upgrade DIR`)")
    if list(tdf.columns) != ["task_index"] or list(tdf["task_index"]) != tasks["task_index"]:
        fail(f"pandas reads meta/tasks.parquet with columns {list(tdf.columns)}, expected ['task_index']")
    if any(tdf.iloc[i].name != tasks["task"][i] for i in range(len(tdf))):
        fail("tasks.iloc[task_index].name is not the task string")

    ep_files = sorted(glob.glob(os.path.join(root, "meta/episodes/chunk-*/file-*.parquet")))
    eps = pa.concat_tables([pq.read_table(f) for f in ep_files]).to_pydict()
    n_eps = len(eps["episode_index"])
    if eps["episode_index"] != list(range(n_eps)) or n_eps != info["total_episodes"]:
        fail("episode_index in meta/episodes is not 0..N-1 or total_episodes disagrees")
    if info["splits"]["train"] != f"0:{n_eps}":
        fail("splits.train")

    files = sorted({(c_, f_) for c_, f_ in zip(eps["data/chunk_index"], eps["data/file_index"])})
    tables = []
    for c_, f_ in files:
        path = os.path.join(root, data_file(info, c_, f_))
        t = pq.read_table(path)
        md = t.schema.metadata or {}
        if b"huggingface" not in md:
            fail(f"{path}: no b'huggingface' schema metadata (run `vla4j dataset upgrade DIR`)")
        got = json.loads(md[b"huggingface"])["info"]["features"]
        want = hf_features(feats)
        if list(got.items()) != list(want.items()):
            fail(f"{path}: huggingface features {got} != {want} (from meta/info.json)")
        if datasets is not None:
            hf = datasets.Features.from_arrow_schema(t.schema)
            for k in image_keys:
                if not isinstance(hf[k], datasets.Image):
                    fail(f"{path}: datasets reads {k} as {hf[k]}, not Image")
        tables.append(t.replace_schema_metadata(None))
    data = pa.concat_tables(tables)
    s = data.schema
    expect = {
        "timestamp": pa.float32(), "frame_index": pa.int64(), "episode_index": pa.int64(),
        "index": pa.int64(), "task_index": pa.int64(),
    }
    for k, t in expect.items():
        if s.field(k).type != t:
            fail(f"column {k} is {s.field(k).type}, expected {t}")
    for k in ("observation.state", "action"):
        if not pa.types.is_list(s.field(k).type) or s.field(k).type.value_type != pa.float32():
            fail(f"column {k} is {s.field(k).type}, expected list<float32>")
        # LeRobot's HF features declare Sequence(length=D): pyarrow fixed_size_list<float32>[D].
        # Parquet stores both as LIST; check the cast LeRobot's loader performs works.
        d = feats[k]["shape"][0]
        data.column(k).cast(pa.list_(pa.float32(), d))
    for k in image_keys:
        st = s.field(k).type
        if not pa.types.is_struct(st) or st.field("bytes").type != pa.binary() or st.field("path").type != pa.string():
            fail(f"column {k} is {st}, expected struct<bytes: binary, path: string>")

    n = data.num_rows
    if n != info["total_frames"]:
        fail(f"{n} rows, total_frames {info['total_frames']}")
    index = data.column("index").to_numpy()
    ep_idx = data.column("episode_index").to_numpy()
    frame = data.column("frame_index").to_numpy()
    ts = data.column("timestamp").to_numpy()
    task_idx = data.column("task_index").to_numpy()
    if not np.array_equal(index, np.arange(n)):
        fail("index is not 0..N-1")
    state = np.stack(data.column("observation.state").to_numpy(zero_copy_only=False)).astype(np.float32)
    action = np.stack(data.column("action").to_numpy(zero_copy_only=False)).astype(np.float32)
    if state.shape != (n, feats["observation.state"]["shape"][0]) or action.shape != (n, feats["action"]["shape"][0]):
        fail(f"state {state.shape} / action {action.shape} shapes")
    for e in range(n_eps):
        lo, hi = eps["dataset_from_index"][e], eps["dataset_to_index"][e]
        if hi - lo != eps["length"][e]:
            fail(f"episode {e}: length")
        if not (ep_idx[lo:hi] == e).all():
            fail(f"episode {e}: episode_index column")
        if not np.array_equal(frame[lo:hi], np.arange(hi - lo)):
            fail(f"episode {e}: frame_index")
        if not np.array_equal(ts[lo:hi], (np.arange(hi - lo) / info["fps"]).astype(np.float32)):
            fail(f"episode {e}: timestamp")
        tnames = {tasks["task"][i] for i in task_idx[lo:hi]}
        if tnames != set(eps["tasks"][e]):
            fail(f"episode {e}: task_index {tnames} vs tasks {eps['tasks'][e]}")
    if eps["dataset_to_index"][-1] != n:
        fail("last episode does not end at total_frames")

    rng = np.random.default_rng(0)
    for k in image_keys:
        col = data.column(k)
        for i in sorted(rng.choice(n, size=min(args.images, n), replace=False)):
            img = np.asarray(Image.open(io.BytesIO(col[int(i)]["bytes"].as_py())))
            if img.shape != (h, w, 3) or img.dtype != np.uint8:
                fail(f"{k} row {i}: decoded {img.shape} {img.dtype}")

    stats = json.load(open(os.path.join(root, "meta/stats.json")))
    for key, x in (("observation.state", state), ("action", action)):
        x = x.astype(np.float64)
        st = stats[key]
        close(f"stats.json {key} mean", st["mean"], x.mean(0))
        close(f"stats.json {key} std", st["std"], x.std(0))
        close(f"stats.json {key} min", st["min"], x.min(0))
        close(f"stats.json {key} max", st["max"], x.max(0))
        for q in ("q01", "q10", "q50", "q90", "q99"):
            close(f"stats.json {key} {q}", st[q], np.quantile(x, int(q[1:]) / 100, axis=0))
        if st["count"] != [n]:
            fail(f"stats.json {key} count")
    for k in image_keys:
        for stat in ("mean", "std", "min", "max", "q01", "q10", "q50", "q90", "q99"):
            if np.asarray(stats[k][stat]).shape != (3, 1, 1):
                fail(f"stats.json {k} {stat} shape (expected [3, 1, 1])")
        if stats[k]["count"] != [n]:
            fail(f"stats.json {k} count")
    if n <= args.full_image_stats:  # decode every PNG: per-channel stats of pixels / 255
        for k in image_keys:
            col = data.column(k)
            px = np.stack([np.asarray(Image.open(io.BytesIO(col[i]["bytes"].as_py()))) for i in range(n)])
            px = px.reshape(-1, 3).astype(np.float64) / 255.0
            st = stats[k]
            for stat, v in (("mean", px.mean(0)), ("std", px.std(0)), ("min", px.min(0)), ("max", px.max(0))):
                close(f"stats.json {k} {stat}", np.asarray(st[stat]).reshape(3), v)
            for q in ("q01", "q10", "q50", "q90", "q99"):
                close(f"stats.json {k} {q}", np.asarray(st[q]).reshape(3), np.quantile(px, int(q[1:]) / 100, axis=0))

    ds = json.load(open(os.path.join(root, "dataset_statistics.json")))
    key = args.key or (list(ds)[0] if len(ds) == 1 else fail(f"several keys {list(ds)}: give --key"))
    d = ds[key]
    for name, x in (("action", action), ("proprio", state)):
        x = x.astype(np.float64)
        for stat, v in (("mean", x.mean(0)), ("std", x.std(0)), ("min", x.min(0)), ("max", x.max(0)),
                        ("q01", np.quantile(x, 0.01, axis=0)), ("q99", np.quantile(x, 0.99, axis=0))):
            close(f"dataset_statistics.json {key}.{name}.{stat}", d[name][stat], v)
    if d["action"].get("mask") != [True] * 6 + [False]:
        fail(f"action mask {d['action'].get('mask')}")
    if d["num_transitions"] != n or d["num_trajectories"] != n_eps:
        fail("num_transitions / num_trajectories")

    print(f"OK: {n_eps} episodes, {n} frames, {len(tasks['task'])} tasks, {len(files)} data file(s), key '{key}'")


if __name__ == "__main__":
    main()
