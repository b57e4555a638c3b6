"""Trains TinyVLA on a vla4j LeRobot dataset, OpenVLA style: next-token cross-entropy on the 7
action tokens and EOS only, fixed `openvla` prompt, BOUNDS_Q99 action normalization.

  python training/train.py --dataset DS --stats DS/dataset_statistics.json --unnorm-key vla4j_object \
      --tokenizer OUT/tokenizer.json --out OUT [--epochs 20 --batch 256 --seed 0]

Seeded (torch, numpy); writes OUT/train_log.jsonl (one line per epoch: loss, token accuracy on a
held-out 2 % of episodes, samples/s) and OUT/checkpoint.pt. Runs on CUDA when available (bf16).

`--head fm` trains TinyVLA-FM instead (tiny_vla_fm.py: the same vision and prompt boxes, a pi0-style
flow-matching head over chunks of `--horizon` actions): the same data, prompts and normalization, the
flow-matching loss; the log's val_loss is that loss on the held-out frames (fixed noise and times) and
val_l1 the mean |error| of the chunks sampled with `--fm-steps` Euler steps (normalized units).

`--head oft` trains TinyVLA-OFT (tiny_vla_oft.py, OpenVLA-OFT arXiv:2502.19645: a chunk of `--horizon`
actions, default 8, decoded in parallel in one forward pass, L1 regression head): the same data, the L1
loss on the normalized chunk; the log's val_l1 is the mean |error| of the chunk's first action."""
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
    ap.add_argument("--init-checkpoint", default=None,
                    help="start from this checkpoint.pt's weights (same architecture and vocabulary; e.g. the previous DAgger round's) instead of a random init")
    ap.add_argument("--head", default="tokens", choices=["tokens", "fm", "oft"],
                    help="tokens: TinyVLA's 7 action tokens (tiny_vla.py); fm: pi0-style flow matching over a chunk (tiny_vla_fm.py);"
                         " oft: OpenVLA-OFT's parallel-decoded chunk with an L1 head (tiny_vla_oft.py)")
    ap.add_argument("--horizon", type=int, default=None, help="fm, oft: actions per chunk H (default 16 for fm, 8 for oft)")
    ap.add_argument("--vision-channels", default=None,
                    help="fm: conv stem channels AGENT/WRIST, e.g. 8,8,16,16/8,8,8,16,16 (the test model's); default TinyVLA's")
    ap.add_argument("--fm-noise-samples", type=int, default=1,
                    help="fm: (noise, time) draws per training frame, averaged (openpi: 1); the expert runs on batch x this")
    ap.add_argument("--fm-steps", type=int, default=10, help="fm: Euler steps of the validation sampling (and the exported default)")
    ap.add_argument("--max-minutes", type=float, default=1e9, help="stop early (at an epoch boundary) after this long")
    args = ap.parse_args()
    if args.horizon is None:
        args.horizon = 8 if args.head == "oft" else 16
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cudnn.benchmark = True
    t0 = time.time()
    stats = json.load(open(args.stats))[args.unnorm_key]
    tok = Tokenizer.from_file(args.tokenizer)
    parts = [load_dataset(path) for path in args.dataset]
    seq_len = 8 + max(len(tok.encode(prompt(args.template, text)).ids) for d in parts for text in d["tasks"].values())
    for i, d in enumerate(parts):
        seqs_p, tmask_p, plen_p, vocab = build_sequences(d, tok, stats, args.template, seq_len)
        parts[i] = (d, seqs_p, tmask_p, plen_p)
    offset, episode_ids = 0, []
    for d, *_ in parts:  # episode ids unique across folders, for the held-out split
        episode_ids.append(d["episode"] + offset)
        offset += int(d["episode"].max()) + 1
    ds = {"agent": np.concatenate([p[0]["agent"] for p in parts]), "wrist": np.concatenate([p[0]["wrist"] for p in parts]),
          "episode": np.concatenate(episode_ids)}
    seqs = np.concatenate([p[1] for p in parts])
    tmask = np.concatenate([p[2] for p in parts])
    prompt_len = np.concatenate([p[3] for p in parts])
    if args.head in ("fm", "oft"):
        from tiny_vla_fm import chunk_index
        fm_actions = np.concatenate([normalize_actions(p[0]["actions"], stats).astype(np.float32) for p in parts])
        fm_index, base = [], 0
        for p in parts:
            fm_index.append(chunk_index(p[0]["episode"], args.horizon) + base)
            base += len(p[0]["episode"])
        fm_index = np.concatenate(fm_index)
    del parts
    print(f"loaded {len(seqs)} frames of {len(np.unique(ds['episode']))} episodes in {time.time() - t0:.1f} s; vocab {vocab}", flush=True)

    episodes = np.unique(ds["episode"])
    rng = np.random.default_rng(args.seed)
    held = set(rng.choice(episodes, size=max(1, len(episodes) // 50), replace=False).tolist())
    is_val = np.array([e in held for e in ds["episode"]])
    agent = torch.from_numpy(ds["agent"]).to(dev)
    wrist = torch.from_numpy(ds["wrist"]).to(dev)
    seqs_t = torch.from_numpy(seqs).to(dev)
    tmask_t = torch.from_numpy(tmask).to(dev)
    plen_t = torch.from_numpy(prompt_len).to(dev)
    train_idx = torch.from_numpy(np.nonzero(~is_val)[0]).to(dev)
    val_idx = torch.from_numpy(np.nonzero(is_val)[0]).to(dev)

    vision_channels = None if not args.vision_channels else \
        [[int(c) for c in part.split(",")] for part in args.vision_channels.split("/")]
    if args.head == "fm":
        from tiny_vla_fm import TinyVlaFm
        model = TinyVlaFm(vocab, width=args.width, depth=args.depth, heads=args.heads, image_size=ds["agent"].shape[1],
                          mlp_ratio=args.mlp_ratio, horizon=args.horizon, vision_channels=vision_channels).to(dev)
        fm_actions_t = torch.from_numpy(fm_actions).to(dev)
        fm_index_t = torch.from_numpy(fm_index).to(dev)
    elif args.head == "oft":
        from tiny_vla_oft import TinyVlaOft
        model = TinyVlaOft(vocab, width=args.width, depth=args.depth, heads=args.heads, image_size=ds["agent"].shape[1],
                           mlp_ratio=args.mlp_ratio, chunk=args.horizon, vision_channels=vision_channels).to(dev)
        fm_actions_t = torch.from_numpy(fm_actions).to(dev)
        fm_index_t = torch.from_numpy(fm_index).to(dev)
        max_prompt = seq_len - 8  # seqs hold BOS + prompt + 7 action tokens + EOS: the OFT trunk takes the prompt part
        from tiny_vla_oft import MAX_PROMPT
        assert max_prompt <= MAX_PROMPT, f"a prompt is longer than the {MAX_PROMPT} positions TinyVLA-OFT has"
    else:
        model = TinyVla(vocab, width=args.width, depth=args.depth, heads=args.heads, image_size=ds["agent"].shape[1],
                        mlp_ratio=args.mlp_ratio, attention=args.attention).to(dev)
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
        if args.head == "fm":
            return fm_loss_on(idx, a, w, train)
        if args.head == "oft":  # L1 on the normalized chunk; the metric: |error| of its first action
            chunk = fm_actions_t[fm_index_t[idx]]
            with amp:
                pred = model(a, w, seqs_t[idx][:, :max_prompt], plen_t[idx]).float()
            return F.l1_loss(pred, chunk), (pred[:, 0] - chunk[:, 0]).abs().mean()
        s = seqs_t[idx]
        m = tmask_t[idx][:, :-1]
        with amp:
            logits = model(a, w, s[:, :-1], plen_t[idx])
        tgt = s[:, 1:]
        loss = F.cross_entropy(logits.float()[m], tgt[m])
        acc = (logits.argmax(-1)[m] == tgt[m]).float().mean()
        return loss, acc

    def fm_loss_on(idx, a, w, train):
        """fm: (flow-matching loss, mean |sampled chunk - target|); validation with noise and times fixed by the frame index."""
        s, plen = seqs_t[idx], plen_t[idx]
        chunk = fm_actions_t[fm_index_t[idx]]
        g = gen
        if not train:
            g = torch.Generator(device=dev)
            g.manual_seed(int(idx[0]))
        with amp:
            loss = model.loss(a, w, s, plen, chunk, g, args.fm_noise_samples if train else 1)
        if train:
            return loss, loss.detach()
        noise = torch.randn(chunk.shape, generator=g, device=dev)
        with amp:
            got = model.sample(a, w, s, noise, args.fm_steps, plen)
        return loss, (got.float() - chunk).abs().mean()

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
               "val_loss": float(np.mean(vl)), ("val_l1" if args.head != "tokens" else "val_token_acc"): float(np.mean(va)), "lr": sched.get_last_lr()[0],
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
                "heads": args.heads, "mlp_ratio": args.mlp_ratio, "attention": args.attention,
                "image_size": int(ds["agent"].shape[1]), "head": args.head, "horizon": args.horizon, "fm_steps": args.fm_steps, "fm_noise_samples": args.fm_noise_samples,
                "vision_channels": vision_channels}, "args": vars(args), "n_params": n_params,
                "frames": int(len(seqs)), "episodes": int(len(episodes)), "epochs_done": epoch},
               os.path.join(args.out, "checkpoint.pt"))
    print(f"done: {epoch} epochs, {step} steps, {n_params / 1e6:.2f} M parameters, {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
