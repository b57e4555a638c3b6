"""TinyVLA-OFT: TinyVLA's vision and prompt boxes with OpenVLA-OFT's action head (Kim, Finn, Liang
2025, arXiv:2502.19645): parallel decoding of a whole chunk of K actions in one forward pass and an
L1-regression head giving continuous normalized actions.

  1 vision encoder  - TinyVLA's (tiny_vla.VisionEncoder): agentview 8x8 + wrist 4x4 = 80 tokens.
  2 prompt          - TinyVLA's BPE tokenizer and `openvla` prompt template (BOS + prompt ids).
  3 trunk           - the transformer blocks of TinyVLA over [vision tokens, BOS, prompt, K*7 action
                      slots]. The action slots are learned "empty" embeddings (one per chunk step and
                      action dimension, plus the position embedding), as OFT feeds empty action
                      embeddings instead of the previous action tokens. Attention: the prefix (vision +
                      BOS + prompt) attends bidirectionally to itself only (prefix-LM, as tiny-vla);
                      the action slots attend to the prefix and to each other, bidirectionally (OFT's
                      parallel decoding: no causal order among the action positions).
  4 action head     - OFT's L1 regression head: the final hidden states of one chunk step's 7 slots,
                      concatenated, go through an MLP to the 7 normalized action values of that step.
  5 normalization   - OpenVLA's BOUNDS_Q99 (vla_data.normalize_actions): arm dims to [-1, 1] with the
                      q01/q99 bounds, gripper 1 = open / 0 = close; done outside the network (Java).
Output: normalized actions [B, K, 7], time-major (row t = the action t steps from now).
Loss: L1 between the predicted and the true normalized chunk (OFT).
Chunk targets (train.py, tiny_vla_fm.chunk_index): the next K actions of the episode from the current
frame on; past the episode's end the last action is repeated (OFT's and LeRobot's padding).

The exported trunk graph (export_oft.py) takes vision_tokens [B, 80, D] and input_ids [B, T] and
returns actions [B, K, 7]: no KV cache, one pass per chunk.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from tiny_vla import Block, VisionEncoder

ACTION_DIM = 7
MAX_PROMPT = 64  # BOS + prompt tokens the position embedding has room for


class OftTrunk(nn.Module):
    """Boxes 3-4: transformer over [vision, BOS + prompt, K*7 action slots] + L1 regression head."""

    def __init__(self, vocab_size, width, depth, heads, chunk=8, max_prefix=160, mlp_ratio=2):
        super().__init__()
        self.vocab_size, self.width, self.depth, self.heads, self.chunk = vocab_size, width, depth, heads, chunk
        self.n_slots = chunk * ACTION_DIM
        self.embed = nn.Embedding(vocab_size, width)
        self.pos = nn.Embedding(max_prefix + self.n_slots, width)
        self.action_slots = nn.Parameter(torch.zeros(self.n_slots, width))
        nn.init.normal_(self.action_slots, std=0.02)
        self.blocks = nn.ModuleList([Block(width, heads, mlp_ratio) for _ in range(depth)])
        self.ln = nn.LayerNorm(width)
        self.head = nn.Sequential(nn.Linear(ACTION_DIM * width, width), nn.GELU(), nn.Linear(width, ACTION_DIM))

    def _run(self, x, blocked):
        b = x.shape[0]
        dh = self.width // self.heads
        empty = x.new_zeros((b, self.heads, 0, dh))
        for blk in self.blocks:
            x, _, _ = blk(x, empty, empty, blocked)
        return self.ln(x)

    def _head(self, h):
        """h [B, K*7, D] (time-major slots) -> [B, K, 7]."""
        return self.head(h.reshape(-1, self.chunk, ACTION_DIM * self.width))

    def forward(self, vision_tokens, input_ids, prompt_len=None):
        """vision_tokens [B, Tv, D]; input_ids [B, T] int64 = BOS + prompt (the graph's form, every row
        of one length) or, for training, right-padded with any id, prompt_len [B] giving each row's
        BOS + prompt length. Returns normalized actions [B, K, 7]."""
        if prompt_len is None:
            return self._forward_unpadded(vision_tokens, input_ids)
        b, tv, t = vision_tokens.shape[0], vision_tokens.shape[1], input_ids.shape[1]
        s = t + self.n_slots
        j = torch.arange(s, device=input_ids.device).view(1, s)
        slot = j - prompt_len.view(b, 1)  # action slot index at text position j, valid in [0, K*7)
        is_slot = (slot >= 0) & (slot < self.n_slots)
        ids = F.pad(input_ids, (0, self.n_slots))
        ids = torch.where(j < prompt_len.view(b, 1), ids, torch.zeros_like(ids))
        text = torch.where(is_slot.unsqueeze(-1), self.action_slots[slot.clamp(0, self.n_slots - 1)], self.embed(ids))
        x = torch.cat([vision_tokens, text], dim=1)
        x = x + self.pos(torch.arange(tv + s, device=x.device)).unsqueeze(0)
        prefix = (prompt_len + tv).view(b, 1, 1, 1)
        qi = torch.arange(tv + s, device=x.device).view(1, 1, -1, 1)
        kj = torch.arange(tv + s, device=x.device).view(1, 1, 1, -1)
        # keys past the slots are padding; prefix queries do not see the slots (prefix-LM)
        blocked = (kj >= prefix + self.n_slots) | ((kj >= prefix) & (qi < prefix))
        h = self._run(x, blocked)
        idx = (prefix.view(b, 1) + torch.arange(self.n_slots, device=x.device).view(1, -1))
        h = torch.gather(h, 1, idx.unsqueeze(-1).expand(b, self.n_slots, self.width))
        return self._head(h)

    def _forward_unpadded(self, vision_tokens, input_ids):
        b = input_ids.shape[0]
        slots = self.action_slots.unsqueeze(0).expand(b, self.n_slots, self.width)
        x = torch.cat([vision_tokens, self.embed(input_ids), slots], dim=1)
        n = x.shape[1]
        x = x + self.pos(torch.arange(n, device=x.device)).unsqueeze(0)
        prefix = n - self.n_slots
        qi = torch.arange(n, device=x.device).view(1, 1, -1, 1)
        kj = torch.arange(n, device=x.device).view(1, 1, 1, -1)
        blocked = (kj >= prefix) & (qi < prefix)
        h = self._run(x, blocked)
        return self._head(h[:, prefix:])


class TinyVlaOft(nn.Module):
    def __init__(self, vocab_size, width=192, depth=4, heads=6, image_size=128, mlp_ratio=2, chunk=8, vision_channels=None):
        """vision_channels: None for TinyVLA's stems, or (agent channels, wrist channels) (the test model's smaller ones)."""
        super().__init__()
        self.vision = VisionEncoder(width, image_size, *(vision_channels or ()))
        self.trunk = OftTrunk(vocab_size, width, depth, heads, chunk=chunk, max_prefix=self.vision.n_tokens + MAX_PROMPT,
                              mlp_ratio=mlp_ratio)

    def forward(self, agent_u8, wrist_u8, input_ids, prompt_len=None):
        """uint8 images [B, H, W, 3] (rotated 180 deg), input_ids [B, T] (see OftTrunk.forward).
        Returns normalized actions [B, K, 7]."""
        return self.trunk(self.vision(agent_u8, wrist_u8), input_ids, prompt_len)


def from_checkpoint_config(cfg):
    """The TinyVlaOft a train.py checkpoint's config describes (head "oft")."""
    return TinyVlaOft(cfg["vocab_size"], width=cfg["width"], depth=cfg["depth"], heads=cfg["heads"], image_size=cfg["image_size"],
                      mlp_ratio=cfg.get("mlp_ratio", 2), chunk=cfg["horizon"], vision_channels=cfg.get("vision_channels"))
