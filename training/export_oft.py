"""Exports a trained TinyVLA-OFT (tiny_vla_oft.py, arXiv:2502.19645) to a vla4j model folder and checks it.

  python training/export_oft.py --checkpoint OUT/checkpoint.pt --tokenizer OUT/tokenizer.json \
      --stats STATS.json --unnorm-key vla4j_object --dataset DS --out models/tiny-vla-oft [--renderer "..."]

  # a small randomly initialized model for the Java tests (no dataset: the golden observation and
  # prompt ids are read from another model folder's golden.json)
  python training/export_oft.py --test-model --golden-from models/tiny-vla/golden.json \
      --tokenizer models/tiny-vla/tokenizer.json --stats models/tiny-vla/dataset_statistics.json \
      --unnorm-key vla4j_object --out src/test/resources/models/tiny-vla-oft-test

Writes OUT/vision.onnx (box 1, as TinyVLA's), OUT/model.onnx (boxes 3-4: vision_tokens [B, 80, D] and
input_ids [B, T] -> actions [B, K, 7], normalized, time-major; dynamic batch and prompt length; no
KV cache: one pass per chunk), tokenizer.json, dataset_statistics.json, config.json (with a "head"
object: type l1_regression, horizon K, the default executor open-loop:K) and golden.json: one
observation (raw env images, bottom-up, base64), its prompt ids and the normalized chunk [K, 7]
PyTorch computes for it, which the Java test must reproduce. Checks before it writes: ONNX Runtime's
chunks equal PyTorch's (max |difference| <= 1e-4) on 16 observations, the padded training pass
equals the unpadded one (prompts of different lengths in one batch), and the graph runs at batch
sizes 1 and 3 and prompt lengths 5 and 30."""
import argparse
import base64
import json
import os

import numpy as np
import onnxruntime as ort
import torch
from tokenizers import Tokenizer

from export import export_vision, golden_frame, golden_images, write_model_folder
from tiny_vla_oft import TinyVlaOft, from_checkpoint_config
from vla_data import load_dataset, prompt

TOLERANCE = 1e-4


class ChunkTrunk(torch.nn.Module):
    """The trunk as exported: (vision_tokens, input_ids) -> actions [B, K, 7]."""

    def __init__(self, trunk):
        super().__init__()
        self.trunk = trunk

    def forward(self, vision_tokens, input_ids):
        return self.trunk(vision_tokens, input_ids)


def export(model, out, image_size):
    m = model.eval().cpu()
    vis = export_vision(m.vision, out, image_size)
    ids = torch.ones(1, 12, dtype=torch.int64)
    torch.onnx.export(ChunkTrunk(m.trunk).eval(), (vis, ids), os.path.join(out, "model.onnx"),
                      input_names=["vision_tokens", "input_ids"], output_names=["actions"], opset_version=17, dynamo=False,
                      dynamic_axes={"vision_tokens": {0: "batch"}, "input_ids": {0: "batch", 1: "text_len"}, "actions": {0: "batch"}})


class OrtOft:
    def __init__(self, out):
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        self.vision = ort.InferenceSession(os.path.join(out, "vision.onnx"), so)
        self.model = ort.InferenceSession(os.path.join(out, "model.onnx"), so)

    def chunk(self, agent, wrist, prompt_ids):
        vt = self.vision.run(None, {"agentview": agent, "wrist": wrist})[0]
        return self.model.run(None, {"vision_tokens": vt, "input_ids": prompt_ids})[0]


def check(model, out, observations):
    """observations: list of (agent [1,S,S,3] u8, wrist, prompt ids list). Asserts ORT == PyTorch, the
    padded training pass == the unpadded pass, and the dynamic axes; returns the largest ORT difference."""
    rt = OrtOft(out)
    worst = 0.0
    with torch.no_grad():
        for a, w, p in observations:
            ref = model(torch.from_numpy(a), torch.from_numpy(w), torch.tensor([p])).numpy()
            got = rt.chunk(a, w, np.asarray([p], dtype=np.int64))
            worst = max(worst, float(np.abs(ref - got).max()))
        print(f"ONNX vs PyTorch chunks on {len(observations)} observations: max |difference| {worst:.2e}", flush=True)
        assert worst <= TOLERANCE, f"ONNX export disagrees with PyTorch by {worst}"
        # the training pass (right-padded prompts of several lengths in one batch) == the graph's pass
        lens = [5, 9, 12]
        a = torch.from_numpy(np.concatenate([observations[i % len(observations)][0] for i in range(3)]))
        w = torch.from_numpy(np.concatenate([observations[i % len(observations)][1] for i in range(3)]))
        ids = torch.randint(3, model.trunk.vocab_size, (3, max(lens) + 4), generator=torch.Generator().manual_seed(0))
        padded = model(a, w, ids, torch.tensor(lens))
        for i, n in enumerate(lens):
            alone = model(a[i:i + 1], w[i:i + 1], ids[i:i + 1, :n])
            diff = float((padded[i] - alone[0]).abs().max())
            assert diff <= TOLERANCE, f"padded training pass differs from the unpadded one by {diff} (prompt length {n})"
    for b in (1, 3):
        for t in (5, 30):
            ag = np.repeat(observations[0][0], b, 0)
            got = rt.chunk(ag, np.repeat(observations[0][1], b, 0), np.ones((b, t), np.int64))
            assert got.shape == (b, model.trunk.chunk, 7), got.shape
    return worst


def write(model, args, ck, info, tok, text, p, a, w, worst):
    with torch.no_grad():
        chunk = model(torch.from_numpy(a), torch.from_numpy(w), torch.tensor([p])).numpy()[0]
    k = model.trunk.chunk
    golden = {"instruction": text, "prompt_ids": list(p), "normalized_chunk": chunk.tolist(), "chunk_size": k,
              "ort_max_abs_difference": worst, **golden_images(a, w)}
    json.dump(golden, open(os.path.join(args.out, "golden.json"), "w"))
    cfg = ck["config"]
    trunk = {"width": cfg["width"], "depth": cfg["depth"], "heads": cfg["heads"], "mlp_ratio": cfg.get("mlp_ratio", 2),
             "attention": "prefix_lm, bidirectional action slots", "vision_tokens": model.vision.n_tokens,
             "action_slots": k * 7, "output": "actions [B, K, 7] normalized"}
    head = {"type": "l1_regression", "horizon": k, "default_executor": f"open-loop:{k}", "convention": "openvla-oft"}
    write_model_folder(args, ck, info, tok, {"vision": "vision.onnx", "trunk": "model.onnx"},
                       {"action_scheme": "continuous", "vocab_size": cfg["vocab_size"], "n_action_bins": 256}, trunk, head)
    sizes = {f: os.path.getsize(os.path.join(args.out, f)) for f in ("vision.onnx", "model.onnx")}
    print(json.dumps({"sizes": sizes, "golden_first_action": chunk[0].tolist()}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint")
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--stats", required=True)
    ap.add_argument("--unnorm-key", required=True)
    ap.add_argument("--dataset")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="tiny-vla-oft")
    ap.add_argument("--renderer", default="unknown")
    ap.add_argument("--suite", default="object", help="the suite the training data came from (config.json's suite), e.g. libero_object")
    ap.add_argument("--template", default="openvla")
    ap.add_argument("--test-model", action="store_true", help="a small random model (width 32, depth 1, narrow stems), no dataset")
    ap.add_argument("--train-log", help="train_log.jsonl: fills MODEL_CARD_oft.md into OUT/MODEL_CARD.md")
    ap.add_argument("--golden-from", help="--test-model: a golden.json whose observation, instruction and prompt ids to use")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tok = Tokenizer.from_file(args.tokenizer)
    if args.test_model:
        torch.manual_seed(args.seed)
        vocab = tok.get_vocab_size(with_added_tokens=True)
        cfg = {"vocab_size": vocab, "width": 32, "depth": 1, "heads": 2, "mlp_ratio": 2, "image_size": 128, "head": "oft",
               "horizon": 8, "vision_channels": [[8, 8, 16, 16], [8, 8, 8, 16, 16]]}
        model = from_checkpoint_config(cfg).eval()
        ck = {"config": cfg, "n_params": sum(q.numel() for q in model.parameters()), "frames": 0, "episodes": 0, "epochs_done": 0,
              "args": {"seed": args.seed}}
        g = json.load(open(args.golden_from))
        s = g["image_height"]
        raw = [np.frombuffer(base64.b64decode(g[k]), np.uint8).reshape(s, s, 3) for k in ("agentview_b64", "wrist_b64")]
        a, w = (np.ascontiguousarray(x[::-1, ::-1])[None] for x in raw)
        text, p, info = g["instruction"], g["prompt_ids"], {}
        assert tok.encode(prompt(args.template, text)).ids == p, "golden-from's prompt ids are not this tokenizer's"
        rng = np.random.default_rng(args.seed)
        obs = [(a, w, p)] + [(rng.integers(0, 256, a.shape, dtype=np.uint8), rng.integers(0, 256, w.shape, dtype=np.uint8), p)
                             for _ in range(3)]
    else:
        ck = torch.load(args.checkpoint, map_location="cpu")
        cfg = ck["config"]
        assert cfg.get("head") == "oft", f"{args.checkpoint} is not an OFT checkpoint (head {cfg.get('head')})"
        model = from_checkpoint_config(cfg)
        model.load_state_dict(ck["model"])
        model.eval()
        ds = load_dataset(args.dataset)
        info = ds["info"]
        text, p, a, w = golden_frame(ds, tok, args.template)
        idx = np.linspace(0, len(ds["actions"]) - 1, 16).astype(int)
        obs = [(ds["agent"][i:i + 1], ds["wrist"][i:i + 1], tok.encode(prompt(args.template, ds["tasks"][int(ds["task"][i])])).ids)
               for i in idx]
    export(model, args.out, cfg["image_size"])
    model.eval()
    worst = check(model, args.out, obs)
    write(model, args, ck, info, tok, text, p, a, w, worst)
    if args.train_log:
        import subprocess
        import sys
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "model_card.py"), "--template", os.path.join(here, "MODEL_CARD_oft.md"),
                        "--model", args.out, "--log", args.train_log, "--out", os.path.join(args.out, "MODEL_CARD.md")], check=True)


if __name__ == "__main__":
    main()
