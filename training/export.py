"""Exports a trained TinyVLA to a vla4j model folder and checks the export.

  python training/export.py --checkpoint OUT/checkpoint.pt --tokenizer OUT/tokenizer.json \
      --stats STATS.json --unnorm-key vla4j_object --dataset DS --out models/tiny-vla [--renderer "..."]

Writes OUT/vision.onnx (box 1) and OUT/model.onnx (boxes 3-4 with KV cache), tokenizer.json,
dataset_statistics.json, config.json and golden.json: one fixed observation from the dataset
(raw env images, bottom-up, base64) with the action tokens the PyTorch model greedily decodes for
it, which the Java test must reproduce. Checks before it writes: ONNX Runtime's greedy decoding
equals PyTorch's on 64 dataset frames, and both graphs run at several batch sizes and prompt
lengths (the legacy exporter can bake sequence lengths into Reshape nodes)."""
import argparse
import base64
import json
import os
import shutil

import numpy as np
import onnxruntime as ort
import torch
from tokenizers import Tokenizer

from tiny_vla import LastLogitsTrunk, TinyVla
from vla_data import decode_action_ids, load_dataset, prompt


def export_vision(vision, out, image_size):
    """Box 1 as vision.onnx (uint8 agentview, wrist [B, S, S, 3] -> vision_tokens [B, 80, D]); returns the tokens of two black images."""
    a = torch.zeros(1, image_size, image_size, 3, dtype=torch.uint8)
    w = torch.zeros(1, image_size, image_size, 3, dtype=torch.uint8)
    torch.onnx.export(vision, (a, w), os.path.join(out, "vision.onnx"), input_names=["agentview", "wrist"],
                      output_names=["vision_tokens"], opset_version=17, dynamo=False,
                      dynamic_axes={"agentview": {0: "batch"}, "wrist": {0: "batch"}, "vision_tokens": {0: "batch"}})
    return vision(a, w)


def export(model, out, image_size, vocab):
    m = model.eval().cpu()
    vis = export_vision(m.vision, out, image_size)
    ids = torch.ones(1, 12, dtype=torch.int64)
    cache = m.trunk.empty_cache(1, "cpu")
    # .eval(): the exporter restores the wrapper's mode afterwards, and a new module is in training
    # mode, which would switch the trunk's dropout on for the PyTorch side of the checks below
    torch.onnx.export(LastLogitsTrunk(m.trunk).eval(), (vis, ids, cache), os.path.join(out, "model.onnx"),
                      input_names=["vision_tokens", "input_ids", "past_kv"], output_names=["logits", "present_kv"],
                      opset_version=17, dynamo=False,
                      dynamic_axes={"vision_tokens": {0: "batch", 1: "vision_len"}, "input_ids": {0: "batch", 1: "text_len"},
                                    "past_kv": {2: "batch", 4: "past_len"}, "logits": {0: "batch"},
                                    "present_kv": {2: "batch", 4: "total_len"}})


class OrtVla:
    def __init__(self, out, trunk):
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        self.vision = ort.InferenceSession(os.path.join(out, "vision.onnx"), so)
        self.model = ort.InferenceSession(os.path.join(out, "model.onnx"), so)
        self.depth, self.heads, self.dh, self.width = trunk.depth, trunk.heads, trunk.width // trunk.heads, trunk.width

    def generate(self, agent, wrist, prompt_ids, n=7):
        b = agent.shape[0]
        vt = self.vision.run(None, {"agentview": agent, "wrist": wrist})[0]
        past = np.zeros((self.depth, 2, b, self.heads, 0, self.dh), np.float32)
        logits, kv = self.model.run(None, {"vision_tokens": vt, "input_ids": prompt_ids, "past_kv": past})
        toks = []
        tok = logits[:, -1].argmax(-1)[:, None].astype(np.int64)
        for i in range(n):
            toks.append(tok)
            if i == n - 1:
                break
            logits, kv = self.model.run(None, {"vision_tokens": np.zeros((b, 0, self.width), np.float32),
                                               "input_ids": tok, "past_kv": kv})
            tok = logits[:, -1].argmax(-1)[:, None].astype(np.int64)
        return np.concatenate(toks, 1)


def golden_frame(ds, tok, template):
    """The golden observation: frame 5 of the middle episode of task 0 -> (instruction, prompt ids, agent [1,S,S,3], wrist)."""
    ep = sorted(set(ds["episode"][ds["task"] == 0].tolist()))
    g = int(np.nonzero(ds["episode"] == ep[len(ep) // 2])[0][5])
    text = ds["tasks"][int(ds["task"][g])]
    return text, tok.encode(prompt(template, text)).ids, ds["agent"][g:g + 1], ds["wrist"][g:g + 1]


def golden_images(a, w):
    """golden.json's image fields: the model-layout images [1, S, S, 3] turned back into the env's bottom-up layout."""
    return {"image_height": int(a.shape[1]), "image_width": int(a.shape[2]), "image_layout": "HWC uint8 RGB, rows bottom-up as the env gives them",
            "agentview_b64": base64.b64encode(np.ascontiguousarray(a[0][::-1, ::-1]).tobytes()).decode(),
            "wrist_b64": base64.b64encode(np.ascontiguousarray(w[0][::-1, ::-1]).tobytes()).decode()}


def write_model_folder(args, ck, info, tok, onnx, action_keys, trunk, head=None, family="tiny-vla"):
    """Copies tokenizer.json and dataset_statistics.json into args.out and writes config.json: the keys every
    vla4j model folder has, with the model's onnx graphs, action keys (scheme, vocabulary), trunk and head (if any)."""
    shutil.copy(args.tokenizer, os.path.join(args.out, "tokenizer.json"))
    shutil.copy(args.stats, os.path.join(args.out, "dataset_statistics.json"))
    cfg = ck["config"]
    config = {
        "name": args.name, "family": family, "format_version": 1, "onnx": onnx,
        "image_size": cfg["image_size"], "cameras": ["agentview", "robot0_eye_in_hand"],
        "image_orientation_in": "opengl_bottom_up", "rotation": "rot180", "resize": "none", "center_crop": None,
        "prompt_template": args.template, "tokenizer": "tokenizer.json",
        "bos_token_id": tok.token_to_id("<s>"), "eos_token_id": tok.token_to_id("</s>"), "pad_token_id": tok.token_to_id("<pad>"),
        **action_keys, "action_dim": 7, "unnorm_key": args.unnorm_key, "gripper_convention": "libero-openvla",
        "trunk": trunk, **({"head": head} if head else {}),
        "controller": "OSC_POSE", "control_hz": 20, "suite": "object",
        "mujoco_version": info.get("vla4j", {}).get("mujoco_version", "3.14.0"),
        "renderer": args.renderer, "render_settings": {"shadows": False, "reflections": False, "skybox": False},
        "parameters": int(ck["n_params"]), "trained_frames": ck["frames"], "trained_episodes": ck["episodes"],
        "epochs": ck["epochs_done"], "seed": ck["args"]["seed"],
    }
    json.dump(config, open(os.path.join(args.out, "config.json"), "w"), indent=2)


def export_args(name):
    """The arguments every export script takes (the model folder's default name `name`)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--stats", required=True)
    ap.add_argument("--unnorm-key", required=True)
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default=name)
    ap.add_argument("--renderer", default="unknown")
    ap.add_argument("--template", default="openvla")
    return ap


def main():
    args = export_args("tiny-vla").parse_args()
    os.makedirs(args.out, exist_ok=True)
    ck = torch.load(args.checkpoint, map_location="cpu")
    cfg = ck["config"]
    model = TinyVla(cfg["vocab_size"], width=cfg["width"], depth=cfg["depth"], heads=cfg["heads"], image_size=cfg["image_size"],
                    mlp_ratio=cfg.get("mlp_ratio", 4), attention=cfg.get("attention", "causal"))
    model.load_state_dict(ck["model"])
    model.eval()
    export(model, args.out, cfg["image_size"], cfg["vocab_size"])
    model.eval()
    tok = Tokenizer.from_file(args.tokenizer)
    ds = load_dataset(args.dataset)

    # 1. ORT greedy decoding == PyTorch greedy decoding on 64 frames spread over the dataset
    rt = OrtVla(args.out, model.trunk)
    idx = np.linspace(0, len(ds["actions"]) - 1, 64).astype(int)
    mismatches = 0
    for i in idx:
        p = np.asarray([tok.encode(prompt(args.template, ds["tasks"][int(ds["task"][i])])).ids], dtype=np.int64)
        a, w = ds["agent"][i:i + 1], ds["wrist"][i:i + 1]
        ref = model.generate_actions(torch.from_numpy(a), torch.from_numpy(w), torch.from_numpy(p)).numpy()
        got = rt.generate(a, w, p)
        mismatches += int((ref != got).any())
    print(f"ONNX vs PyTorch greedy decoding: {64 - mismatches}/64 frames identical", flush=True)
    assert mismatches <= 1, "ONNX export disagrees with PyTorch"
    # 2. shapes: batch 1 and 3, prompt lengths 5 and 30
    for b in (1, 3):
        for t in (5, 30):
            ids = np.ones((b, t), np.int64)
            ag = np.repeat(ds["agent"][:1], b, 0)
            out = rt.generate(ag, np.repeat(ds["wrist"][:1], b, 0), ids)
            assert out.shape == (b, 7), out.shape
    # 3. golden observation: the first frame of the middle episode of task 0 (raw env images)
    text, p, a, w = golden_frame(ds, tok, args.template)
    with torch.no_grad():
        vis = model.vision(torch.from_numpy(a), torch.from_numpy(w))
        logits, _ = model.trunk(vis, torch.tensor([p]), model.trunk.empty_cache(1, "cpu"))
        top2 = torch.topk(logits[0, -1], 2).values
    ids = model.generate_actions(torch.from_numpy(a), torch.from_numpy(w), torch.tensor([p])).numpy()[0]
    golden = {
        "instruction": text, "prompt_ids": p, "action_token_ids": ids.tolist(),
        "normalized_actions": decode_action_ids(ids, cfg["vocab_size"]).tolist(),
        "first_token_logit_margin": float(top2[0] - top2[1]), **golden_images(a, w),
    }
    json.dump(golden, open(os.path.join(args.out, "golden.json"), "w"))
    trunk = {"width": cfg["width"], "depth": cfg["depth"], "heads": cfg["heads"], "mlp_ratio": cfg.get("mlp_ratio", 4),
             "attention": cfg.get("attention", "causal"), "vision_tokens": model.vision.n_tokens, "logits": "last position only"}
    write_model_folder(args, ck, ds["info"], tok, {"vision": "vision.onnx", "trunk": "model.onnx"},
                       {"action_scheme": "openvla", "vocab_size": cfg["vocab_size"], "n_action_bins": 256}, trunk)
    sizes = {f: os.path.getsize(os.path.join(args.out, f)) for f in ("vision.onnx", "model.onnx")}
    print(json.dumps({"sizes": sizes, "golden_ids": ids.tolist(), "margin": golden["first_token_logit_margin"]}))


if __name__ == "__main__":
    main()
