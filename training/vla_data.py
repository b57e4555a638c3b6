"""Reading a vla4j LeRobot v3.0 dataset into memory and turning it into OpenVLA-style training
sequences: BOS + prompt tokens + 7 action tokens + EOS.

Conventions (shared/REFERENCE.md):
  * images are stored as the env gives them (rows bottom-up, "opengl"); the model sees them
    rotated 180 deg (img[::-1, ::-1]), as OpenVLA's LIBERO pipeline does;
  * actions are normalized with BOUNDS_Q99 from dataset_statistics.json (mask: 6 arm dims yes,
    gripper no); the gripper goes from env units (-1 open, +1 close) to OpenVLA's LIBERO
    convention (1 open, 0 close): g = (1 - a) / 2;
  * action tokens: 256 edges on [-1, 1], d = digitize(a, edges), token id = vocab_size - d.
"""
import io
import json
import os
import multiprocessing
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pyarrow.parquet as pq
from PIL import Image

PROMPTS = {
    "openvla": "In: What action should the robot take to {instruction}?\nOut:",
    "openvla-v01": ("A chat between a curious user and an artificial intelligence assistant. The assistant gives "
                    "helpful, detailed, and polite answers to the user's questions. USER: What action should the "
                    "robot take to {instruction}? ASSISTANT:"),
    "rephrased": "What action should the robot take? {instruction}",
}


def prompt(template, instruction):
    return PROMPTS[template].format(instruction=instruction.lower())


try:  # OpenCV decodes PNG faster than PIL; PIL is the fallback
    import cv2

    def _decode(png):
        return cv2.cvtColor(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
except ImportError:
    def _decode(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _decode_file(job):
    """Worker: decodes rows [start, stop) of both camera columns of one parquet file, rotates them
    180 deg and writes them at [offset, offset + stop - start) of the two shared .npy memory maps."""
    path, start, stop, offset, agent_path, wrist_path = job
    t = pq.read_table(path, columns=["observation.images.agentview", "observation.images.wrist"]).slice(start, stop - start)
    for column, out_path in (("observation.images.agentview", agent_path), ("observation.images.wrist", wrist_path)):
        out = np.load(out_path, mmap_mode="r+")
        pngs = t.column(column).combine_chunks().field("bytes").to_pylist()
        for i, png in enumerate(pngs):
            out[offset + i] = _decode(png)[::-1, ::-1]
        out.flush()
        del out
    return len(pngs)


def load_dataset(root, procs=None):
    """Returns dict with agent, wrist (uint8 [N, H, W, 3], rotated 180 deg), actions float32 [N, 7],
    states float32 [N, 8], episode int64 [N], task int64 [N], tasks {index: text}, info.
    PNG decoding runs in `procs` processes (default: all cores) writing into memory-mapped arrays
    under $VLA4J_TMP (default /tmp): decoding in one process held the GIL and took 100 s for
    264k frames on the GPU machine."""
    info = json.load(open(os.path.join(root, "meta", "info.json")))
    tasks_tbl = pq.read_table(os.path.join(root, "meta", "tasks.parquet")).to_pydict()
    tasks = dict(zip(tasks_tbl["task_index"], tasks_tbl["task"]))
    files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(root, "data")) for f in fs if f.endswith(".parquet"))
    actions, states, episode, task, rows = [], [], [], [], []
    for f in files:
        t = pq.read_table(f, columns=["action", "observation.state", "episode_index", "task_index"])
        actions.append(np.asarray(t.column("action").to_pylist(), dtype=np.float32))
        states.append(np.asarray(t.column("observation.state").to_pylist(), dtype=np.float32))
        episode.append(t.column("episode_index").to_numpy())
        task.append(t.column("task_index").to_numpy())
        rows.append(t.num_rows)
    n = int(sum(rows))
    first = pq.read_table(files[0], columns=["observation.images.agentview"]).slice(0, 1)
    h, w, _ = _decode(first.column(0)[0].as_py()["bytes"]).shape
    tmp = tempfile.mkdtemp(prefix="vla4j-frames-", dir=os.environ.get("VLA4J_TMP", "/tmp"))
    paths = [os.path.join(tmp, "agent.npy"), os.path.join(tmp, "wrist.npy")]
    try:
        for p in paths:
            np.lib.format.open_memmap(p, mode="w+", dtype=np.uint8, shape=(n, h, w, 3)).flush()
        procs = procs or os.cpu_count()
        chunk = max(256, -(-n // (2 * procs)))  # ~2 jobs per process, whatever the number of files
        jobs, offset = [], 0
        for f, r in zip(files, rows):
            for start in range(0, r, chunk):
                stop = min(r, start + chunk)
                jobs.append((f, start, stop, offset + start, paths[0], paths[1]))
            offset += r
        with ProcessPoolExecutor(procs, mp_context=multiprocessing.get_context("fork")) as pool:
            assert sum(pool.map(_decode_file, jobs)) == n
        agent = np.array(np.load(paths[0], mmap_mode="r"))
        wrist = np.array(np.load(paths[1], mmap_mode="r"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dict(agent=agent, wrist=wrist, actions=np.concatenate(actions), states=np.concatenate(states),
                episode=np.concatenate(episode), task=np.concatenate(task), tasks=tasks, info=info)


def normalize_actions(actions, stats):
    """BOUNDS_Q99 on masked dims (clip to [-1, 1]), gripper -> (1 - a) / 2. actions [N, 7] env units."""
    a = actions.astype(np.float64).copy()
    q01 = np.asarray(stats["action"]["q01"], dtype=np.float64)
    q99 = np.asarray(stats["action"]["q99"], dtype=np.float64)
    mask = np.asarray(stats["action"].get("mask", [True] * a.shape[1]), dtype=bool)
    norm = np.clip(2 * (a - q01) / (q99 - q01 + 1e-8) - 1, -1, 1)
    constant = np.asarray(stats["action"]["min"]) == np.asarray(stats["action"]["max"])
    norm[:, constant] = 0.0
    a = np.where(mask, norm, a)
    a[:, 6] = (1.0 - a[:, 6]) / 2.0
    return a


EDGES = np.linspace(-1.0, 1.0, 256)


def action_token_ids(norm_actions, vocab_size):
    """OpenVLA: d = digitize(clip(a, -1, 1), edges) in 1..256, id = vocab_size - d."""
    d = np.digitize(np.clip(norm_actions, -1.0, 1.0), EDGES)
    return (vocab_size - d).astype(np.int64)


def decode_action_ids(ids, vocab_size):
    centers = (EDGES[:-1] + EDGES[1:]) / 2.0
    d = vocab_size - ids
    return centers[np.clip(d - 1, 0, 254)]
