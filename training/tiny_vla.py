"""TinyVLA: a small OpenVLA-style vision-language-action model (Kim et al. 2024, arXiv:2406.09246).

The six boxes, as OpenVLA arranges them, scaled down to run on a laptop CPU:
  1 vision encoder  - two small conv stems (agentview 128x128 -> 8x8 = 64 tokens, wrist -> 4x4 = 16
                      tokens), each token projected to the trunk width, plus learned position and
                      camera embeddings. Images enter as uint8 [B, H, W, 3], already rotated 180 deg.
  2 prompt+tokenizer- a BPE tokenizer (HuggingFace `tokenizers`, tokenizer.json) whose LAST 256 ids
                      are the action tokens; the `openvla` prompt template.
  3 trunk           - a decoder-only (causal) transformer over [vision tokens, BOS, prompt, actions].
  4 action head     - the LM head over the whole vocabulary; actions are greedy-decoded as 7 tokens.
  5 detokenizer     - OpenVLA's 256-bin scheme (done outside the network, in Java).
The loss is next-token cross-entropy on the 7 action tokens and EOS only.

Two ONNX graphs are exported (export.py): `vision.onnx` (box 1) and `model.onnx` (boxes 3-4 with a
KV cache, so decoding 7 tokens costs one prefix pass plus 7 one-token passes).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvStem(nn.Module):
    """uint8 image [B, H, W, 3] -> tokens [B, (H/s)*(W/s), D] with s = 2**len(channels)."""

    def __init__(self, channels, width):
        super().__init__()
        layers, c_in = [], 3
        for i, c in enumerate(channels):
            k = 5 if i == 0 else 3
            layers += [nn.Conv2d(c_in, c, k, stride=2, padding=k // 2), nn.GroupNorm(8, c), nn.GELU()]
            c_in = c
        self.net = nn.Sequential(*layers)
        self.proj = nn.Linear(c_in, width)

    def forward(self, img_u8):
        x = img_u8.permute(0, 3, 1, 2).float() * (2.0 / 255.0) - 1.0
        x = self.net(x)
        x = x.flatten(2).transpose(1, 2)
        return self.proj(x)


class VisionEncoder(nn.Module):
    """Box 1. agentview [B, 128, 128, 3] u8 and wrist [B, 128, 128, 3] u8 -> [B, 80, D]. The stems' channels
    (multiples of 8) default to the shipped model's; smaller ones make the test models."""

    def __init__(self, width, image_size=128, agent_channels=(32, 64, 96, 128), wrist_channels=(24, 48, 64, 96, 128)):
        super().__init__()
        self.agent = ConvStem(list(agent_channels), width)  # 4 stride-2 convs: /16 -> 8x8
        self.wrist = ConvStem(list(wrist_channels), width)  # 5: /32 -> 4x4
        n_agent = (image_size // 16) ** 2
        n_wrist = (image_size // 32) ** 2
        self.pos = nn.Parameter(torch.zeros(1, n_agent + n_wrist, width))
        nn.init.normal_(self.pos, std=0.02)
        self.norm = nn.LayerNorm(width)
        self.n_tokens = n_agent + n_wrist

    def forward(self, agent_u8, wrist_u8):
        x = torch.cat([self.agent(agent_u8), self.wrist(wrist_u8)], dim=1) + self.pos
        return self.norm(x)


class Block(nn.Module):
    def __init__(self, width, heads, mlp_ratio=2, dropout=0.1):
        super().__init__()
        self.heads = heads
        self.drop = nn.Dropout(dropout)
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, mlp_ratio * width), nn.GELU(), nn.Linear(mlp_ratio * width, width))

    def forward(self, x, past_k, past_v, blocked=None):
        """x [B, T, D]; past_k/past_v [B, H, P, Dh]; blocked: None (every query sees every key) or
        bool [B or 1, 1, T, P+T], True where a query may not see a key.
        Returns x, k, v with k/v [B, H, P+T, Dh]."""
        b, t, d = x.shape
        h = self.heads
        dh = d // h
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q = q.view(b, t, h, dh).transpose(1, 2)
        k = torch.cat([past_k, k.view(b, t, h, dh).transpose(1, 2)], dim=2)
        v = torch.cat([past_v, v.view(b, t, h, dh).transpose(1, 2)], dim=2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(dh))
        if blocked is not None:
            att = att.masked_fill(blocked, float("-inf"))
        y = F.softmax(att, dim=-1) @ v
        y = y.transpose(1, 2).reshape(b, t, d)
        x = x + self.drop(self.out(y))
        x = x + self.drop(self.mlp(self.ln2(x)))
        return x, k, v


class Trunk(nn.Module):
    """Boxes 3-4: transformer + LM head over [vision tokens, text tokens].

    attention="prefix_lm" (the shipped model): the prefix, vision tokens + BOS + prompt, attends
    bidirectionally and the action tokens causally, as PaliGemma and pi0 do (arXiv:2407.07726,
    arXiv:2410.24164); so the image tokens see the instruction from the first layer on. OpenVLA's
    Llama trunk is fully causal (attention="causal"). At inference the prefix pass holds only prefix
    tokens and every later pass one token, so with prefix_lm nothing is masked there at all."""

    def __init__(self, vocab_size, width, depth, heads, max_len=160, mlp_ratio=2, attention="prefix_lm"):
        super().__init__()
        assert attention in ("prefix_lm", "causal"), attention
        self.attention = attention
        self.vocab_size, self.width, self.depth, self.heads = vocab_size, width, depth, heads
        self.embed = nn.Embedding(vocab_size, width)
        self.pos = nn.Embedding(max_len, width)
        self.blocks = nn.ModuleList([Block(width, heads, mlp_ratio) for _ in range(depth)])
        self.ln = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab_size, bias=False)

    def forward(self, vision_tokens, input_ids, past_kv, last_only=False, prefix_len=None):
        """vision_tokens [B, Tv, D] (Tv may be 0), input_ids [B, T] int64,
        past_kv [depth, 2, B, H, P, Dh]; prefix_len int64 [B]: training only (teacher forcing over
        prefix + actions), the number of prefix positions (Tv + BOS + prompt) of each sequence.
        Returns logits [B, Tv+T, V] (or [B, 1, V] for the last position only: all greedy decoding
        needs, and what the exported graph computes) and present_kv."""
        x = torch.cat([vision_tokens, self.embed(input_ids)], dim=1)
        p = past_kv.shape[4]
        t = x.shape[1]
        positions = torch.arange(t, device=x.device) + p
        x = x + self.pos(positions).unsqueeze(0)
        blocked = None
        if prefix_len is not None or self.attention == "causal":
            qi = (torch.arange(t, device=x.device) + p).view(1, 1, t, 1)
            kj = torch.arange(p + t, device=x.device).view(1, 1, 1, -1)
            blocked = kj > qi
            if prefix_len is not None and self.attention == "prefix_lm":
                blocked = blocked & (kj >= prefix_len.view(-1, 1, 1, 1))
        ks, vs = [], []
        for i, blk in enumerate(self.blocks):
            x, k, v = blk(x, past_kv[i, 0], past_kv[i, 1], blocked)
            ks.append(k)
            vs.append(v)
        if last_only:
            x = x[:, -1:]
        logits = self.head(self.ln(x))
        present = torch.stack([torch.stack([k, v]) for k, v in zip(ks, vs)])
        return logits, present

    def empty_cache(self, batch, device):
        return torch.zeros(self.depth, 2, batch, self.heads, 0, self.width // self.heads, device=device)


class LastLogitsTrunk(nn.Module):
    """The trunk as exported: logits of the last position only ([B, 1, V]), since greedy decoding
    reads nothing else; saves the LM head over the ~100 prefix positions at every control step."""

    def __init__(self, trunk):
        super().__init__()
        self.trunk = trunk

    def forward(self, vision_tokens, input_ids, past_kv):
        return self.trunk(vision_tokens, input_ids, past_kv, last_only=True)


class TinyVla(nn.Module):
    def __init__(self, vocab_size, width=192, depth=4, heads=6, image_size=128, mlp_ratio=2, attention="prefix_lm"):
        super().__init__()
        self.vision = VisionEncoder(width, image_size)
        self.trunk = Trunk(vocab_size, width, depth, heads, max_len=self.vision.n_tokens + 96, mlp_ratio=mlp_ratio,
                           attention=attention)

    def forward(self, agent_u8, wrist_u8, input_ids, prompt_len):
        """Teacher-forced training pass. input_ids [B, T] = BOS, prompt, 7 actions, EOS (padded right);
        prompt_len [B] = number of BOS + prompt tokens. Returns text logits [B, T, V] (position j
        predicts input_ids[j+1])."""
        vis = self.vision(agent_u8, wrist_u8)
        logits, _ = self.trunk(vis, input_ids, self.trunk.empty_cache(input_ids.shape[0], input_ids.device),
                               prefix_len=prompt_len + vis.shape[1])
        return logits[:, vis.shape[1]:]

    @torch.no_grad()
    def generate_actions(self, agent_u8, wrist_u8, prompt_ids, n=7):
        """Greedy decoding with the KV cache, exactly as the Java runtime does it. prompt_ids [B, T]."""
        vis = self.vision(agent_u8, wrist_u8)
        logits, cache = self.trunk(vis, prompt_ids, self.trunk.empty_cache(prompt_ids.shape[0], prompt_ids.device))
        out = []
        empty_vis = vis[:, :0]
        tok = logits[:, -1].argmax(-1, keepdim=True)
        for i in range(n):
            out.append(tok)
            if i == n - 1:
                break
            logits, cache = self.trunk(empty_vis, tok, cache)
            tok = logits[:, -1].argmax(-1, keepdim=True)
        return torch.cat(out, dim=1)
