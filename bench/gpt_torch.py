"""The peer for the GPT benchmarks: the same GPT as src/models/gpt (pre-LN, learned positions,
GELU tanh, head tied to the token embedding, optional biases) trained in PyTorch on the same
token stream with the same recipe (AdamW, weight decay on matrices only, constant lr after an
optional linear warmup, clipping at 1.0), random training windows, and validation on the same
fixed, evenly spaced windows as src/data/lm-batches.ts. Prints one JSON line of results.

usage: gpt_torch.py --tokens FILE (little-endian int32 ids) --val-tokens N --vocab V [options]
Needs Debian's python3-torch. Set OMP_WAIT_POLICY=PASSIVE with more than one thread.
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, c, h, bias):
        super().__init__()
        self.h = h
        self.ln_1 = nn.LayerNorm(c)
        self.c_attn = nn.Linear(c, 3 * c, bias=bias)
        self.c_proj = nn.Linear(c, c, bias=bias)
        self.ln_2 = nn.LayerNorm(c)
        self.c_fc = nn.Linear(c, 4 * c, bias=bias)
        self.mlp_proj = nn.Linear(4 * c, c, bias=bias)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(c, dim=2)
        q, k, v = (z.view(b, t, self.h, c // self.h).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(c // self.h)
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        y = att.masked_fill(~mask, float("-inf")).softmax(-1) @ v
        x = x + self.c_proj(y.transpose(1, 2).reshape(b, t, c))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self, vocab, ctx, layers, heads, c, bias):
        super().__init__()
        self.wte = nn.Embedding(vocab, c)
        self.wpe = nn.Embedding(ctx, c)
        self.blocks = nn.ModuleList([Block(c, heads, bias) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(c)
        for name, p in self.named_parameters():
            if p.dim() >= 2:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("c_proj.weight") or name.endswith("mlp_proj.weight") else 0.02
                nn.init.normal_(p, 0.0, 0.01 if name == "wpe.weight" else std)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def forward(self, idx, targets):
        t = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(t))
        for blk in self.blocks:
            x = blk(x)
        logits = self.ln_f(x) @ self.wte.weight.T
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.reshape(-1))


def fixed_windows(data, b, t, count):
    total = b * count
    span = len(data) - t - 1
    offs = [0 if total == 1 else round(i * span / (total - 1)) for i in range(total)]
    x = np.stack([data[o : o + t] for o in offs]).reshape(count, b, t)
    y = np.stack([data[o + 1 : o + t + 1] for o in offs]).reshape(count, b, t)
    return torch.from_numpy(x).long(), torch.from_numpy(y).long()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--val-tokens", type=int, required=True)
    ap.add_argument("--vocab", type=int, required=True)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=12)
    ap.add_argument("--context", type=int, default=64)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--embd", type=int, default=128)
    ap.add_argument("--bias", action="store_true")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--beta2", type=float, default=0.95)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--eval-batches", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1337)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    data = np.fromfile(a.tokens, dtype="<i4").astype(np.int64)
    train, val = data[: len(data) - a.val_tokens], data[len(data) - a.val_tokens :]
    model = Gpt(a.vocab, a.context, a.layers, a.heads, a.embd, a.bias)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay}, {"params": rest, "weight_decay": 0.0}], lr=a.lr, betas=(0.9, a.beta2))
    gen = np.random.default_rng(a.seed)
    b, t = a.batch, a.context
    losses = []
    start = time.perf_counter()
    for step in range(a.steps):
        for g in opt.param_groups:
            g["lr"] = a.lr * (step + 1) / a.warmup if step < a.warmup else a.lr
        offs = gen.integers(0, len(train) - t, size=b)
        x = torch.from_numpy(np.stack([train[o : o + t] for o in offs]))
        y = torch.from_numpy(np.stack([train[o + 1 : o + t + 1] for o in offs]))
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if a.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        losses.append(loss.item())
    seconds = time.perf_counter() - start
    out = {
        "steps": a.steps,
        "threads": a.threads,
        "seconds": seconds,
        "ms_per_step": 1000 * seconds / a.steps,
        "tokens_per_sec": a.steps * b * t / seconds,
        "final_train_loss": float(np.mean(losses[-50:])),
        "params": sum(p.numel() for p in model.parameters()),
    }
    if a.eval_batches > 0:
        vx, vy = fixed_windows(val, b, t, a.eval_batches)
        with torch.no_grad():
            out["val_loss"] = float(np.mean([model(vx[i], vy[i]).item() for i in range(a.eval_batches)]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
