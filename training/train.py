"""Trains TinyVLA on a vla4j LeRobot dataset, OpenVLA style: next-token cross-entropy on the 7
action tokens and EOS only, fixed `openvla` prompt, BOUNDS_Q99 action normalization.

  python training/train.py --dataset DS --stats DS/dataset_statistics.json --unnorm-key vla4j_object \
      --tokenizer OUT/tokenizer.json --out OUT [--epochs 20 --batch 256 --seed 0]

`--head oft` trains TinyVLA-OFT instead (tiny_vla_oft.py, arXiv:2502.19645): a chunk of `--chunk` K
actions decoded in parallel, L1 loss on the normalized chunk.

Seeded (torch, numpy); writes OUT/train_log.jsonl (one line per epoch: loss, token accuracy on a
held-out 2 % of episodes, samples/s) and OUT/checkpoint.pt. Runs on CUDA when available (bf16)."""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from tokenizers import Tokenizer

from tiny_vla import TinyVla
from vla_data import action_token_ids, load_dataset, normalize_actions, prompt


def build_sequences(ds, tokenizer, stats, template, seq_len):
    vocab = tokenizer.get_vocab_size(with_added_tokens=True)
    eos, pad = tokenizer.token_to_id("</s>"), tokenizer.token_to_id("<pad>")
    prompts = {t: tokenizer.encode(prompt(template, text)).ids for t, text in ds["tasks"].items()}
    assert max(len(p) for p in prompts.values()) + 8 <= seq_len, "prompt too long for seq_len"
    act_ids = action_token_ids(normalize_actions(ds["actions"], stats), vocab)
    n = len(act_ids)
    seqs = np.full((n, seq_len), pad, dtype=np.int64)
    target_mask = np.zeros((n, seq_len), dtype=bool)  # True where position j's NEXT token is a target
    prompt_len = np.zeros(n, dtype=np.int64)  # BOS + prompt tokens: the prefix-LM's text part
    for i in range(n):
        p = prompts[int(ds["task"][i])]
        k = len(p)
        seqs[i, :k] = p
        seqs[i, k:k + 7] = act_ids[i]
        seqs[i, k + 7] = eos
        target_mask[i, k - 1:k + 7] = True  # predicts the 7 actions and EOS
        prompt_len[i] = k
    return seqs, target_mask, prompt_len, vocab


class TokensHead:
    """`--head tokens` (the shipped tiny-vla): OpenVLA's 7 action tokens + EOS, next-token cross-entropy.
    A head gives train.py per-frame targets, the model, its loss and what the checkpoint records
    (tiny_vla_oft.OftHead is another)."""

    name = "tokens"

    def __init__(self, args):
        self.attention = args.attention

    def targets(self, d, tok, stats, template, seq_len, normalize_actions, prompt):
        seqs, tmask, plen, _ = build_sequences(d, tok, stats, template, seq_len)
        return {"seqs": seqs, "tmask": tmask, "prompt_len": plen}

    def model(self, vocab, args, image_size):
        return TinyVla(vocab, width=args.width, depth=args.depth, heads=args.heads, image_size=image_size,
                       mlp_ratio=args.mlp_ratio, attention=args.attention)

    def config(self, args):
        return {"attention": args.attention}

    def loss(self, model, a, w, t):
        """Cross-entropy on the action tokens and EOS; the metric is their accuracy."""
        s, m = t["seqs"], t["tmask"][:, :-1]
        logits = model(a, w, s[:, :-1], t["prompt_len"])
        tgt = s[:, 1:]
        loss = F.cross_entropy(logits.float()[m], tgt[m])
        return loss, (logits.argmax(-1)[m] == tgt[m]).float().mean()


def make_head(args):
    if args.head == "oft":
        from tiny_vla_oft import OftHead
        return OftHead(args)
    return TokensHead(args)


def augment(img, gen, max_shift=6, brightness=0.15, channel=0.05, noise=3.0):
    """Random translation by up to max_shift px (replicate-padded), global brightness and per-channel
    gain jitter and pixel noise (so a model trained on one GL renderer tolerates another's small
    differences); uint8 in/out."""
    b, h, w, _ = img.shape
    x = img.permute(0, 3, 1, 2).float()
    x = F.pad(x, (max_shift,) * 4, mode="replicate")
    dx = torch.randint(0, 2 * max_shift + 1, (b,), generator=gen, device=img.device)
    dy = torch.randint(0, 2 * max_shift + 1, (b,), generator=gen, device=img.device)
    idx_y = (dy.view(b, 1) + torch.arange(h, device=img.device).view(1, h))
    idx_x = (dx.view(b, 1) + torch.arange(w, device=img.device).view(1, w))
    x = x[torch.arange(b, device=img.device).view(b, 1, 1, 1), torch.arange(3, device=img.device).view(1, 3, 1, 1),
          idx_y.view(b, 1, h, 1), idx_x.view(b, 1, 1, w)]
    scale = 1.0 + brightness * (2 * torch.rand((b, 1, 1, 1), generator=gen, device=img.device) - 1)
    scale = scale * (1.0 + channel * (2 * torch.rand((b, 3, 1, 1), generator=gen, device=img.device) - 1))
    x = x * scale + noise * torch.randn(x.shape, generator=gen, device=img.device)
    x = x.clamp(0, 255)
    return x.round().to(torch.uint8).permute(0, 2, 3, 1).contiguous()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", required=True, nargs="+", help="one or more vla4j LeRobot dataset folders")
    ap.add_argument("--stats", required=True)
    ap.add_argument("--unnorm-key", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--template", default="openvla")
    ap.add_argument("--epochs", type=float, default=20)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--width", type=int, default=192)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--heads", type=int, default=6)
    ap.add_argument("--attention", default="prefix_lm", choices=["prefix_lm", "causal"],
                    help="prefix_lm: image + prompt attend bidirectionally (PaliGemma/pi0); causal: OpenVLA's Llama")
    ap.add_argument("--mlp-ratio", type=int, default=2, help="trunk MLP hidden width / width (2 halves the MLP cost of 4)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--head", default="tokens", choices=["tokens", "oft"],
                    help="tokens: OpenVLA's action tokens (tiny-vla); oft: OpenVLA-OFT's parallel-decoded chunk with an L1 head (tiny_vla_oft.py)")
    ap.add_argument("--chunk", type=int, default=8, help="--head oft: actions per chunk K")
    ap.add_argument("--init-checkpoint", default=None,
                    help="start from this checkpoint.pt's weights (same architecture and vocabulary; e.g. the previous DAgger round's) instead of a random init")
    ap.add_argument("--max-minutes", type=float, default=1e9, help="stop early (at an epoch boundary) after this long")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cudnn.benchmark = True
    t0 = time.time()
    stats = json.load(open(args.stats))[args.unnorm_key]
    tok = Tokenizer.from_file(args.tokenizer)
    head = make_head(args)
    vocab = tok.get_vocab_size(with_added_tokens=True)
    parts = [load_dataset(path) for path in args.dataset]
    seq_len = 8 + max(len(tok.encode(prompt(args.template, text)).ids) for d in parts for text in d["tasks"].values())
    for i, d in enumerate(parts):
        parts[i] = (d, head.targets(d, tok, stats, args.template, seq_len, normalize_actions, prompt))
    offset, episode_ids = 0, []
    for d, *_ in parts:  # episode ids unique across folders, for the held-out split
        episode_ids.append(d["episode"] + offset)
        offset += int(d["episode"].max()) + 1
    ds = {"agent": np.concatenate([p[0]["agent"] for p in parts]), "wrist": np.concatenate([p[0]["wrist"] for p in parts]),
          "episode": np.concatenate(episode_ids)}
    targets = {k: np.concatenate([p[1][k] for p in parts]) for k in parts[0][1]}
    n_frames = len(ds["agent"])
    del parts
    print(f"loaded {n_frames} frames of {len(np.unique(ds['episode']))} episodes in {time.time() - t0:.1f} s; vocab {vocab}", flush=True)

    episodes = np.unique(ds["episode"])
    rng = np.random.default_rng(args.seed)
    held = set(rng.choice(episodes, size=max(1, len(episodes) // 50), replace=False).tolist())
    is_val = np.array([e in held for e in ds["episode"]])
    agent = torch.from_numpy(ds["agent"]).to(dev)
    wrist = torch.from_numpy(ds["wrist"]).to(dev)
    targets_t = {k: torch.from_numpy(v).to(dev) for k, v in targets.items()}
    train_idx = torch.from_numpy(np.nonzero(~is_val)[0]).to(dev)
    val_idx = torch.from_numpy(np.nonzero(is_val)[0]).to(dev)

    model = head.model(vocab, args, ds["agent"].shape[1]).to(dev)
    if args.init_checkpoint:
        ck = torch.load(args.init_checkpoint, map_location=dev)
        model.load_state_dict(ck["model"])  # strict: a different architecture or vocabulary fails here
        print(f"initialized from {args.init_checkpoint} ({ck.get('epochs_done')} epochs on {ck.get('frames')} frames)", flush=True)
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05, betas=(0.9, 0.95))
    steps_per_epoch = math.ceil(len(train_idx) / args.batch)
    total = int(args.epochs * steps_per_epoch)
    warm = min(500, total // 20)
    budget = {"total": total}  # may shrink once, after epoch 1, to fit --max-minutes (logged)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, warm)) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / max(1, budget["total"])))))
    gen = torch.Generator(device=dev)
    gen.manual_seed(args.seed)
    log = open(os.path.join(args.out, "train_log.jsonl"), "w")
    amp = torch.autocast(device_type="cuda", dtype=torch.bfloat16) if dev == "cuda" else torch.autocast(device_type="cpu", enabled=False)

    def loss_on(idx, train):
        a, w = agent[idx], wrist[idx]
        if train:
            a, w = augment(a, gen), augment(w, gen)
        with amp:
            return head.loss(model, a, w, {k: v[idx] for k, v in targets_t.items()})

    step = 0
    epoch = 0
    train_start = time.time()
    while step < budget["total"]:
        model.train()
        perm = train_idx[torch.randperm(len(train_idx), generator=gen, device=dev)]
        t_ep = time.time()
        losses = []
        for b in range(steps_per_epoch):
            if step >= budget["total"]:
                break
            idx = perm[b * args.batch:(b + 1) * args.batch]
            loss, _ = loss_on(idx, True)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            losses.append(loss.item() if b % 50 == 0 else None)
        model.eval()
        with torch.no_grad():
            vl, va = [], []
            for b in range(0, len(val_idx), 1024):
                l, a = loss_on(val_idx[b:b + 1024], False)
                vl.append(l.item())
                va.append(a.item())
        epoch += 1
        rec = {"epoch": epoch, "step": step, "train_loss": float(np.mean([x for x in losses if x is not None])),
               "val_loss": float(np.mean(vl)), ("val_token_acc" if head.name == "tokens" else "val_first_action_l1"): float(np.mean(va)), "lr": sched.get_last_lr()[0],
               "samples_per_s": round(len(losses) * args.batch / (time.time() - t_ep)), "elapsed_s": round(time.time() - t0, 1)}
        if epoch == 1 and args.max_minutes < 1e8:
            per_step = (time.time() - train_start) / step
            fit = int(args.max_minutes * 60 / per_step)
            if fit < budget["total"]:
                budget["total"] = max(step, fit)
                rec["step_budget_shrunk_to"] = budget["total"]
        rec["total_steps"] = budget["total"]
        print(json.dumps(rec), flush=True)
        log.write(json.dumps(rec) + "\n")
        log.flush()
    torch.save({"model": model.state_dict(), "config": {"vocab_size": vocab, "width": args.width, "depth": args.depth,
                "heads": args.heads, "mlp_ratio": args.mlp_ratio, **head.config(args),
                "image_size": int(ds["agent"].shape[1])}, "args": vars(args), "n_params": n_params,
                "frames": int(n_frames), "episodes": int(len(episodes)), "epochs_done": epoch},
               os.path.join(args.out, "checkpoint.pt"))
    print(f"done: {epoch} epochs, {step} steps, {n_params / 1e6:.2f} M parameters, {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
