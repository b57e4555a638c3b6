"""Exports a trained TinyVLA-FM (tiny_vla_fm.py) to a vla4j model folder and checks the export.

  python training/export_fm.py --checkpoint OUT/checkpoint.pt --tokenizer OUT/tokenizer.json \
      --stats STATS.json --unnorm-key vla4j_object --dataset DS --out models/tiny-vla-fm [--renderer "..."]

Writes OUT/vision.onnx (box 1, as TinyVLA's), OUT/prefix.onnx (box 3: vision_tokens [B, 80, D] and
input_ids [B, T] -> prefix_kv [depth, 2, B, heads, 80+T, D/heads]), OUT/velocity.onnx (box 4:
prefix_kv, noisy_actions [B, H, 7] and time [B] -> velocity [B, H, 7]), tokenizer.json,
dataset_statistics.json, config.json (with a "head" object: type flow_matching, horizon, num_steps)
and golden.json: one dataset frame (raw env images, bottom-up, base64), a fixed noise chunk [H, 7]
and the normalized chunks PyTorch samples from it with 1 and num_steps Euler steps, which the Java
test must reproduce. Checks before it writes: ONNX Runtime's Euler sampling equals PyTorch's (max
|difference| <= 1e-4) on 16 dataset frames, and the graphs run at batch sizes 1 and 3 and prompt
lengths 5 and 30."""
import json
import os

import numpy as np
import onnxruntime as ort
import torch
from tokenizers import Tokenizer

from export import export_args, export_vision, golden_frame, golden_images, write_model_folder
from tiny_vla_fm import TinyVlaFm, euler
from vla_data import load_dataset, prompt

TOLERANCE = 1e-4


class PrefixGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.prefix = model.prefix

    def forward(self, vision_tokens, input_ids):
        return self.prefix(vision_tokens, input_ids)


class VelocityGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.expert = model.expert

    def forward(self, prefix_kv, noisy_actions, time):
        return self.expert(prefix_kv, noisy_actions, time)


def export(model, out, image_size):
    m = model.eval().cpu()
    vis = export_vision(m.vision, out, image_size)
    ids = torch.ones(1, 12, dtype=torch.int64)
    # .eval(): a new wrapper module is in training mode, and the exporter restores the mode it found
    torch.onnx.export(PrefixGraph(m).eval(), (vis, ids), os.path.join(out, "prefix.onnx"),
                      input_names=["vision_tokens", "input_ids"], output_names=["prefix_kv"], opset_version=17, dynamo=False,
                      dynamic_axes={"vision_tokens": {0: "batch"}, "input_ids": {0: "batch", 1: "text_len"},
                                    "prefix_kv": {2: "batch", 4: "prefix_len"}})
    kv = m.prefix(vis, ids)
    noisy = torch.zeros(1, m.horizon, m.action_dim)
    t = torch.ones(1)
    torch.onnx.export(VelocityGraph(m).eval(), (kv, noisy, t), os.path.join(out, "velocity.onnx"),
                      input_names=["prefix_kv", "noisy_actions", "time"], output_names=["velocity"], opset_version=17, dynamo=False,
                      dynamic_axes={"prefix_kv": {2: "batch", 4: "prefix_len"}, "noisy_actions": {0: "batch"}, "time": {0: "batch"},
                                    "velocity": {0: "batch"}})


class OrtFm:
    """The three graphs on ONNX Runtime, sampled as the Java policy samples (tiny_vla_fm.euler's arithmetic)."""

    def __init__(self, out):
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        self.vision = ort.InferenceSession(os.path.join(out, "vision.onnx"), so)
        self.prefix = ort.InferenceSession(os.path.join(out, "prefix.onnx"), so)
        self.velocity = ort.InferenceSession(os.path.join(out, "velocity.onnx"), so)

    def sample(self, agent, wrist, prompt_ids, noise, steps):
        vt = self.vision.run(None, {"agentview": agent, "wrist": wrist})[0]
        kv = self.prefix.run(None, {"vision_tokens": vt, "input_ids": prompt_ids})[0]
        x = noise.astype(np.float32)
        dt = np.float32(-1.0 / steps)
        for k in range(steps):
            t = np.full((x.shape[0],), np.float32(1.0 - k / steps), np.float32)
            v = self.velocity.run(None, {"prefix_kv": kv, "noisy_actions": x, "time": t})[0]
            x = (x + dt * v).astype(np.float32)
        return x


def write_model_card(args, ck, steps, worst):
    """A MODEL_CARD.md template: what the export knows (architecture, data, training log's last epoch); the
    evaluation section is left for the person who evaluates it."""
    cfg = ck["config"]
    last = {}
    if args.train_log and os.path.isfile(args.train_log):
        lines = [json.loads(x) for x in open(args.train_log) if x.strip()]
        last = lines[-1] if lines else {}
    card = f"""# {args.name}

A pi0-style flow-matching VLA (arXiv:2410.24164; openpi's conventions), trained by `training/gpu_pipeline.sh`
with `HEAD=fm` (training/README.md). TinyVLA's vision encoder and prompt; a prefix trunk (width {cfg['width']},
depth {cfg['depth']}, {cfg['heads']} heads, bidirectional over image + prompt) whose per-layer keys/values an
action expert of the same shape reads; H = {cfg['horizon']} actions per chunk, {steps} Euler steps by default
(openpi's time: t = 1 noise, t = 0 actions, a <- a + v dt with dt = -1/N).

| | |
|---|---|
| parameters | {ck['n_params']:,} |
| training frames / episodes | {ck['frames']:,} / {ck['episodes']:,} |
| epochs / steps | {ck['epochs_done']} / {last.get('step', '?')} |
| final train loss / val loss (flow matching) | {last.get('train_loss', float('nan')):.4f} / {last.get('val_loss', float('nan')):.4f} |
| val mean abs error of sampled chunks (normalized) | {last.get('val_l1', float('nan')):.4f} |
| ONNX vs PyTorch, max abs difference of sampled chunks | {worst:.1e} |
| renderer of the training images | {args.renderer} |
| seed | {ck['args']['seed']} |

## Evaluation

TODO (e.g. `./vla4j eval --policy tiny-vla-fm --episodes-per-task 50 --seed 0 --executor open-loop:8`):
success per executor (open-loop:1, 4, 8, 16; ensemble), per task, and the command that produced each number.
"""
    open(os.path.join(args.out, "MODEL_CARD.md"), "w").write(card)


def main():
    ap = export_args("tiny-vla-fm")
    ap.add_argument("--train-log", default=None, help="train_log.jsonl, for the MODEL_CARD.md template's numbers")
    ap.add_argument("--steps", type=int, default=None, help="the config's default Euler steps (default: the checkpoint's fm_steps)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ck = torch.load(args.checkpoint, map_location="cpu")
    cfg = ck["config"]
    assert cfg.get("head") == "fm", f"{args.checkpoint} is not a flow-matching checkpoint (head {cfg.get('head')})"
    steps = args.steps or cfg.get("fm_steps", 10)
    model = TinyVlaFm(cfg["vocab_size"], width=cfg["width"], depth=cfg["depth"], heads=cfg["heads"], image_size=cfg["image_size"],
                      mlp_ratio=cfg["mlp_ratio"], horizon=cfg["horizon"], vision_channels=cfg.get("vision_channels"))
    model.load_state_dict(ck["model"])
    model.eval()
    export(model, args.out, cfg["image_size"])
    model.eval()
    tok = Tokenizer.from_file(args.tokenizer)
    ds = load_dataset(args.dataset)
    h = cfg["horizon"]
    rng = np.random.default_rng(0)

    # 1. ORT sampling == PyTorch sampling on 16 frames spread over the dataset, fixed noise
    rt = OrtFm(args.out)
    worst = 0.0
    for i in np.linspace(0, len(ds["actions"]) - 1, 16).astype(int):
        p = np.asarray([tok.encode(prompt(args.template, ds["tasks"][int(ds["task"][i])])).ids], dtype=np.int64)
        a, w = ds["agent"][i:i + 1], ds["wrist"][i:i + 1]
        noise = rng.standard_normal((1, h, 7)).astype(np.float32)
        ref = model.sample(torch.from_numpy(a), torch.from_numpy(w), torch.from_numpy(p), torch.from_numpy(noise), steps).numpy()
        worst = max(worst, float(np.abs(ref - rt.sample(a, w, p, noise, steps)).max()))
    print(f"ONNX vs PyTorch Euler sampling ({steps} steps): max |difference| {worst:.2e} on 16 frames", flush=True)
    assert worst <= TOLERANCE, "ONNX export disagrees with PyTorch"
    # 2. shapes: batch 1 and 3, prompt lengths 5 and 30
    for b in (1, 3):
        for t in (5, 30):
            out = rt.sample(np.repeat(ds["agent"][:1], b, 0), np.repeat(ds["wrist"][:1], b, 0), np.ones((b, t), np.int64),
                            np.zeros((b, h, 7), np.float32), 2)
            assert out.shape == (b, h, 7), out.shape
    # 3. golden: one frame, fixed noise, the chunks of 1 and `steps` Euler steps
    text, p, a, w = golden_frame(ds, tok, args.template)
    noise = np.random.default_rng(17).standard_normal((h, 7)).astype(np.float32)
    chunks = {}
    for n in sorted({1, steps}):
        chunks[str(n)] = model.sample(torch.from_numpy(a), torch.from_numpy(w), torch.tensor([p]),
                                      torch.from_numpy(noise[None]), n).numpy()[0].tolist()
    golden = {"instruction": text, "prompt_ids": p, "noise": noise.tolist(), "normalized_chunks": chunks,
              "tolerance": TOLERANCE, **golden_images(a, w)}
    json.dump(golden, open(os.path.join(args.out, "golden.json"), "w"))
    trunk = {"width": cfg["width"], "depth": cfg["depth"], "heads": cfg["heads"], "mlp_ratio": cfg["mlp_ratio"],
             "attention": "prefix_lm", "vision_tokens": model.vision.n_tokens, "logits": "none (prefix keys/values)",
             **({"vision_channels": cfg["vision_channels"]} if cfg.get("vision_channels") else {})}
    head = {"type": "flow_matching", "horizon": h, "num_steps": steps, "time_convention": "openpi",
            "expert_depth": cfg["depth"], "expert_width": cfg["width"]}
    write_model_folder(args, ck, ds["info"], tok, {"vision": "vision.onnx", "trunk": "prefix.onnx", "velocity": "velocity.onnx"},
                       {"action_scheme": "continuous", "vocab_size": cfg["vocab_size"], "n_action_bins": 256}, trunk, head,
                       family="tiny-vla-fm")
    write_model_card(args, ck, steps, worst)
    sizes = {f: os.path.getsize(os.path.join(args.out, f)) for f in ("vision.onnx", "prefix.onnx", "velocity.onnx")}
    print(json.dumps({"sizes": sizes, "golden_first_action": chunks[str(steps)][0]}))


if __name__ == "__main__":
    main()
