"""TinyVLA-FM: TinyVLA's vision and prompt boxes with a pi0-style flow-matching action head
(Black et al. 2024, arXiv:2410.24164; conventions of its code, Physical-Intelligence/openpi).

Boxes:
  1 vision encoder  - tiny_vla.VisionEncoder, unchanged (2 cameras 128x128 -> 80 tokens).
  2 prompt+tokenizer- the same BPE tokenizer and `openvla` prompt as TinyVLA (its action-token ids
                      are simply never used).
  3 prefix trunk    - a transformer over [vision tokens, BOS, prompt] with bidirectional attention
                      (the prefix of TinyVLA's prefix-LM). Its output is the per-layer keys and values
                      of the prefix, `prefix_kv [depth, 2, B, heads, P, width/heads]`: computed once
                      per query, read by every denoising step (pi0's KV cache of the prefix).
  4 action expert   - pi0's "action expert": a second transformer of the same depth, heads and width
                      whose H action tokens attend, in layer i, to the prefix's keys/values of layer i
                      and to each other (bidirectionally; pi0's block mask). Action token k of a noisy
                      chunk a_t [B, H, 7] at flow time t [B] enters as W3 swish(W2 [W1 a_t[k], phi(t)])
                      + pos[k] (pi0 paper section IV), phi = openpi's posemb_sincos (min period 4e-3,
                      max 4). Output: the velocity v(a_t, t, context) [B, H, 7].
  5 post-processing - outside the network, in Java: unnormalize (BOUNDS_Q99) and the gripper convention,
                      exactly as TinyVLA's continuous actions after detokenizing.

Time convention (openpi's code, which is reversed relative to the paper's text): t = 1 is pure noise,
t = 0 is data. Training: t ~ Beta(1.5, 1) * 0.999 + 0.001, eps ~ N(0, I), a_t = t eps + (1 - t) a,
target u = eps - a, loss = mean((v(a_t, t) - u)^2) over the whole [H, 7] chunk. Sampling: a_1 = eps,
N Euler steps with dt = -1/N at t_k = 1 - k/N (k = 0..N-1): a <- a + v(a, t_k) dt; the result is
the normalized chunk. Actions are normalized as for TinyVLA (vla_data.normalize_actions: BOUNDS_Q99
to [-1, 1] on the arm dims, gripper -> 1 open / 0 close), so the Java post-processing is shared.

Chunk targets: the actions of frames i, i+1, ..., i+H-1 of the frame's episode, padded past the
episode's end by repeating its last action (as LeRobot's and OpenVLA-OFT's LIBERO loaders do).

Three ONNX graphs (export_fm.py): vision.onnx (box 1, TinyVLA's), prefix.onnx (box 3) and
velocity.onnx (box 4), each with a dynamic batch axis.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from tiny_vla import Block, VisionEncoder

BETA_ALPHA = 1.5  # openpi: time ~ Beta(1.5, 1) * 0.999 + 0.001


def posemb_sincos(t, dim, min_period=4e-3, max_period=4.0):
    """openpi's sine-cosine embedding of a scalar per row: t [B] -> [B, dim] ([sin, cos] halves)."""
    fraction = torch.linspace(0.0, 1.0, dim // 2, device=t.device, dtype=torch.float32)
    period = min_period * (max_period / min_period) ** fraction
    x = t.float().view(-1, 1) * (2 * math.pi / period).view(1, -1)
    return torch.cat([torch.sin(x), torch.cos(x)], dim=-1)


def key_mask(prefix_len, total_keys, n_prefix_keys):
    """True where a query may NOT see a key: the padded prefix positions (j >= prefix_len, j < n_prefix_keys).
    prefix_len int64 [B] -> bool [B, 1, 1, total_keys]."""
    kj = torch.arange(total_keys, device=prefix_len.device).view(1, 1, 1, -1)
    return (kj >= prefix_len.view(-1, 1, 1, 1)) & (kj < n_prefix_keys)


class PrefixTrunk(nn.Module):
    """Box 3: vision tokens [B, Tv, D] + input_ids [B, T] -> prefix_kv [depth, 2, B, heads, Tv+T, D/heads].
    Bidirectional over the prefix; prefix_len [B] (training only) masks right padding. The last
    block's attention output and MLP feed nothing (only its keys/values are read), as in pi0."""

    def __init__(self, vocab_size, width, depth, heads, max_len, mlp_ratio=2):
        super().__init__()
        self.vocab_size, self.width, self.depth, self.heads = vocab_size, width, depth, heads
        self.embed = nn.Embedding(vocab_size, width)
        self.pos = nn.Embedding(max_len, width)
        self.blocks = nn.ModuleList([Block(width, heads, mlp_ratio) for _ in range(depth)])

    def forward(self, vision_tokens, input_ids, prefix_len=None):
        x = torch.cat([vision_tokens, self.embed(input_ids)], dim=1)
        b, t, _ = x.shape
        x = x + self.pos(torch.arange(t, device=x.device)).unsqueeze(0)
        blocked = None if prefix_len is None else key_mask(prefix_len, t, t)
        empty = x.new_zeros(b, self.heads, 0, self.width // self.heads)
        kv = []
        for blk in self.blocks:
            x, k, v = blk(x, empty, empty, blocked)
            kv.append(torch.stack([k, v]))
        return torch.stack(kv)


class ActionExpert(nn.Module):
    """Box 4: v(a_t, t, prefix_kv). noisy [B, H, A], t [B] in [0, 1], prefix_kv [depth, 2, B, heads, P, Dh]
    -> velocity [B, H, A]. prefix_len [B] (training only) masks the prefix's right padding."""

    def __init__(self, width, depth, heads, horizon, action_dim=7, mlp_ratio=2):
        super().__init__()
        self.width, self.horizon, self.action_dim = width, horizon, action_dim
        self.action_in = nn.Linear(action_dim, width)  # W1
        self.time_mlp = nn.Sequential(nn.Linear(2 * width, width), nn.SiLU(), nn.Linear(width, width))  # W2, swish, W3
        self.pos = nn.Parameter(torch.zeros(1, horizon, width))
        nn.init.normal_(self.pos, std=0.02)
        self.blocks = nn.ModuleList([Block(width, heads, mlp_ratio) for _ in range(depth)])
        self.ln = nn.LayerNorm(width)
        self.action_out = nn.Linear(width, action_dim)

    def forward(self, prefix_kv, noisy, t, prefix_len=None):
        b, h, _ = noisy.shape
        te = posemb_sincos(t, self.width).unsqueeze(1).expand(b, h, self.width)
        x = self.time_mlp(torch.cat([self.action_in(noisy), te], dim=-1)) + self.pos
        p = prefix_kv.shape[4]
        blocked = None if prefix_len is None else key_mask(prefix_len, p + h, p)
        for i, blk in enumerate(self.blocks):
            x, _, _ = blk(x, prefix_kv[i, 0], prefix_kv[i, 1], blocked)
        return self.action_out(self.ln(x))


class TinyVlaFm(nn.Module):
    def __init__(self, vocab_size, width=192, depth=4, heads=6, image_size=128, mlp_ratio=2, horizon=16, action_dim=7,
                 vision_channels=None):
        """vision_channels: None for TinyVLA's stems, or (agent channels, wrist channels) (the test models' smaller ones)."""
        super().__init__()
        self.vision = VisionEncoder(width, image_size, *(vision_channels or ()))
        self.prefix = PrefixTrunk(vocab_size, width, depth, heads, max_len=self.vision.n_tokens + 96, mlp_ratio=mlp_ratio)
        self.expert = ActionExpert(width, depth, heads, horizon, action_dim, mlp_ratio)
        self.horizon, self.action_dim = horizon, action_dim

    def context(self, agent_u8, wrist_u8, input_ids, prompt_len=None):
        """prefix_kv for images and BOS + prompt ids [B, T] (right-padded with prompt_len [B] in training)."""
        vis = self.vision(agent_u8, wrist_u8)
        plen = None if prompt_len is None else prompt_len + vis.shape[1]
        return self.prefix(vis, input_ids, plen), plen

    def loss(self, agent_u8, wrist_u8, input_ids, prompt_len, chunk, gen, noise_samples=1):
        """Flow-matching loss (openpi's convention, module docstring). chunk [B, H, A] normalized targets.
        noise_samples S > 1 draws S (noise, time) pairs per frame and averages their losses: the expert runs
        on B*S rows, the vision encoder and prefix trunk (most of the cost) once on B; openpi draws one (S = 1)."""
        kv, plen = self.context(agent_u8, wrist_u8, input_ids, prompt_len)
        if noise_samples > 1:
            kv = kv.repeat_interleave(noise_samples, dim=2)
            plen = None if plen is None else plen.repeat_interleave(noise_samples)
            chunk = chunk.repeat_interleave(noise_samples, dim=0)
        b = chunk.shape[0]
        noise = torch.randn(chunk.shape, generator=gen, device=chunk.device)
        u = torch.rand((b,), generator=gen, device=chunk.device)
        t = u ** (1.0 / BETA_ALPHA) * 0.999 + 0.001  # Beta(1.5, 1) by inverse CDF (its CDF is x^1.5)
        tt = t.view(b, 1, 1)
        x_t = tt * noise + (1 - tt) * chunk
        v = self.expert(kv, x_t, t, plen)
        return F.mse_loss(v.float(), (noise - chunk).float())

    @torch.no_grad()
    def sample(self, agent_u8, wrist_u8, input_ids, noise, steps=10, prompt_len=None):
        """Euler integration from t = 1 (noise [B, H, A]) to t = 0 in `steps` steps; normalized chunk [B, H, A]."""
        kv, plen = self.context(agent_u8, wrist_u8, input_ids, prompt_len)
        return euler(lambda x, t: self.expert(kv, x, t, plen), noise, steps)


def euler(velocity, noise, steps):
    """a <- a + v(a, t_k) dt with dt = -1/steps, t_k = 1 - k/steps (float32), from a = noise. The exact
    arithmetic the Java policy repeats: t_k and dt in float32, the update in float32."""
    x = noise.float()
    dt = np.float32(-1.0 / steps)
    for k in range(steps):
        t = torch.full((x.shape[0],), float(np.float32(1.0 - k / steps)), device=x.device)
        x = x + float(dt) * velocity(x, t).float()
    return x


def chunk_index(episode, horizon):
    """For frames stored episode by episode (contiguous runs of one episode id), the frame indices of each
    frame's chunk: idx [N, H] with idx[i, k] = min(i + k, last frame of i's episode)."""
    n = len(episode)
    change = np.nonzero(np.diff(episode) != 0)[0]  # last index of every run but the final one
    ends = np.append(change, n - 1)
    run_end = np.repeat(ends, np.diff(np.concatenate([[-1], ends])))
    idx = np.arange(n).reshape(-1, 1) + np.arange(horizon).reshape(1, -1)
    return np.minimum(idx, run_end.reshape(-1, 1)).astype(np.int64)
