"""The peer for bench:encoder: the same BERT encoder as src/models/bert (token + position + segment
embeddings, LayerNorm, post-LN layers of self-attention with padded keys masked and a GELU MLP,
pooler, MLM head tied to the word embeddings, classifier; dropout 0.1; init N(0, 0.02)) trained
in PyTorch on the same encoded texts with the same recipe (AdamW eps 1e-6, weight decay on
matrices, clipping at 1.0; MLM on 15 % of each row's ordinary tokens, 80/10/10, logits only at
the chosen positions; fine-tuning with cross-entropy on the pooled [CLS]). Times `--steps` steps
of each stage after 3 warm-up steps and prints one JSON line: tokens/s (B·T of the padded
batches, as ours counts them) and ms per step of each stage.

usage: encoder_torch.py --data FILE --vocab V --first_special S --mask M --pad P --layers L --heads H --dim C --inner F
       --positions P --batch B --threads N
FILE: little-endian int32 words: count, then per text its label, its length and its ids.
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


class Layer(nn.Module):
    def __init__(self, c, h, f, p):
        super().__init__()
        self.h = h
        self.qkv = nn.Linear(c, 3 * c)
        self.proj = nn.Linear(c, c)
        self.ln1 = nn.LayerNorm(c, eps=1e-12)
        self.fc = nn.Linear(c, f)
        self.out = nn.Linear(f, c)
        self.ln2 = nn.LayerNorm(c, eps=1e-12)
        self.drop = nn.Dropout(p)

    def forward(self, x, bias):
        b, t, c = x.shape
        q, k, v = (z.view(b, t, self.h, c // self.h).transpose(1, 2) for z in self.qkv(x).split(c, dim=2))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(c // self.h) + bias
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, c)
        x = self.ln1(x + self.drop(self.proj(y)))
        return self.ln2(x + self.drop(self.out(F.gelu(self.fc(x)))))


class Bert(nn.Module):
    def __init__(self, vocab, positions, layers, heads, c, f, labels, p=0.1):
        super().__init__()
        self.word = nn.Embedding(vocab, c)
        self.pos = nn.Embedding(positions, c)
        self.segment = nn.Embedding(2, c)
        self.ln = nn.LayerNorm(c, eps=1e-12)
        self.drop = nn.Dropout(p)
        self.layers = nn.ModuleList([Layer(c, heads, f, p) for _ in range(layers)])
        self.pool = nn.Linear(c, c)
        self.transform = nn.Linear(c, c)
        self.tln = nn.LayerNorm(c, eps=1e-12)
        self.mlm_bias = nn.Parameter(torch.zeros(vocab))
        self.classifier = nn.Linear(c, labels)
        for name, w in self.named_parameters():
            if w.dim() == 2:
                nn.init.normal_(w, std=0.02)
            elif name.endswith("bias"):
                nn.init.zeros_(w)

    def encode(self, ids, lengths):
        b, t = ids.shape
        x = self.word(ids) + self.pos(torch.arange(t))[None] + self.segment(torch.zeros_like(ids))
        x = self.drop(self.ln(x))
        padded = torch.arange(t)[None, :] >= lengths[:, None]
        bias = torch.zeros(b, 1, 1, t).masked_fill(padded[:, None, None, :], float("-inf"))
        for layer in self.layers:
            x = layer(x, bias)
        return x

    def mlm_loss(self, ids, lengths, positions, labels):
        h = self.encode(ids, lengths).reshape(-1, self.word.weight.shape[1])[positions]
        h = self.tln(F.gelu(self.transform(h)))
        return F.cross_entropy(h @ self.word.weight.T + self.mlm_bias, labels)

    def cls_loss(self, ids, lengths, labels):
        pooled = torch.tanh(self.pool(self.encode(ids, lengths)[:, 0]))
        return F.cross_entropy(self.classifier(self.drop(pooled)), labels)


def read_data(path):
    words = np.fromfile(path, dtype="<i4")
    n, at, texts = int(words[0]), 1, []
    for _ in range(n):
        label, length = int(words[at]), int(words[at + 1])
        texts.append((label, words[at + 2 : at + 2 + length].astype(np.int64)))
        at += 2 + length
    return texts


def batch(texts, idx, pad):
    t = max(len(texts[i][1]) for i in idx)
    ids = torch.full((len(idx), t), pad, dtype=torch.long)
    for r, i in enumerate(idx):
        ids[r, : len(texts[i][1])] = torch.from_numpy(texts[i][1])
    lengths = torch.tensor([len(texts[i][1]) for i in idx])
    labels = torch.tensor([texts[i][0] for i in idx])
    return ids, lengths, labels


def mask_batch(ids, lengths, first_special, mask_id, rng):
    """15 % of each row's ordinary tokens (ids ≥ first_special are special), 80/10/10."""
    inp = ids.clone()
    positions = []
    t = ids.shape[1]
    for r in range(ids.shape[0]):
        cand = [r * t + j for j in range(int(lengths[r])) if int(ids[r, j]) < first_special]
        n = min(len(cand), max(1, round(0.15 * len(cand))))
        positions += list(rng.choice(cand, n, replace=False))
    positions = torch.tensor(sorted(positions))
    labels = ids.view(-1)[positions].clone()
    flat = inp.view(-1)
    r = torch.from_numpy(rng.random(len(positions)))
    flat[positions[r < 0.8]] = mask_id
    rand = positions[(r >= 0.8) & (r < 0.9)]
    flat[rand] = torch.from_numpy(rng.integers(0, first_special, len(rand)))
    return inp, positions, labels


def main():
    ap = argparse.ArgumentParser()
    for name in ("vocab", "first_special", "mask", "layers", "heads", "dim", "inner", "positions", "batch", "threads", "labels"):
        ap.add_argument("--" + name, type=int, required=name not in ("labels",), default=2)
    ap.add_argument("--data", required=True)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--pad", type=int, required=True)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    texts = read_data(a.data)
    model = Bert(a.vocab, a.positions, a.layers, a.heads, a.dim, a.inner, a.labels)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0}], lr=1e-3, eps=1e-6)
    out = {"threads": a.threads}
    for stage in ("mlm", "finetune"):
        times, tokens = [], 0
        for step in range(a.steps + 3):
            idx = rng.choice(len(texts), a.batch, replace=False)
            ids, lengths, labels = batch(texts, idx, a.pad)
            if stage == "mlm":
                inp, pos, lab = mask_batch(ids, lengths, a.first_special, a.mask, rng)
            t0 = time.perf_counter()  # batch making and masking left out of the time (ours counts them)
            if stage == "mlm":
                loss = model.mlm_loss(inp, lengths, pos, lab)
            else:
                loss = model.cls_loss(ids, lengths, labels)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            if step >= 3:
                times.append(time.perf_counter() - t0)
                tokens += ids.numel()
        total = sum(times)
        out[stage] = {"tokensPerSec": tokens / total, "msPerStep": 1000 * float(np.median(times)), "loss": float(loss)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
