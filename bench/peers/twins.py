#!/usr/bin/python3
"""PyTorch twins of nasflow's two benchmark supernets (bench/workloads.ts), for `npm run bench:peers`.

  --space fmnist-small  the default space: 28x28x1, stem 3x3 1->16 s2, 6 mixed layers
                        [16 s1 | 24 s2, 24 | 32 s2, 32 | 64], candidates ir_k{3,5}_e{1,3,6} (no
                        expand conv at e1) + skip, head 1x1 64->256 + BN + ReLU, pool, dense 10
  --space fbnet-cifar   FBNet's CIFAR plan: 32x32x3, stem 3x3 3->16 s2, 22 mixed layers
                        [16 | 24x4 | 32x4 | 64x4 | 112x4 | 184x4 | 352], 9 candidates in the
                        reference form (ir_k{3,5}_e1 with the expand conv, e3, e6, ir_k{3,5}_e1_g2
                        with channel shuffle, skip), head 1x1 352->1504 with bias, pool, dense 10

Layers, shapes and FLOPs are those nasflow builds (FLOPs = 2 x multiply-adds of convs and dense
layers, counted here with hooks and printed, to compare with bench/workloads.ts). A mixed layer
outputs sum_i m_i * op_i(x), m = Gumbel-softmax(theta, tau) with one sample per batch; hard mode
is straight-through and runs only the sampled candidate. The loss is cross-entropy plus 0 x the
log expected cost (nasflow's bench uses the same, so the cost term's graph exists on both sides).
w step: forward + backward of every weight + SGD (momentum, wd); theta step: gradients for theta
only (weights frozen, as nasflow's theta step computes no filter gradients) + Adam. Medians of
`--iters` timed steps after `--warmup`, batch 64, random inputs. Prints one JSON line;
cpuImagesPerSec is images per CPU-second of the process (all threads) over the soft steps."""
import argparse, json, math, statistics, time
import torch
from torch import nn
import torch.nn.functional as F


def conv_bn(cin, cout, k=1, stride=1, groups=1, relu=True):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, nn.ReLU()) if relu else nn.Sequential(*layers)


class Shuffle(nn.Module):
    def __init__(self, groups):
        super().__init__()
        self.g = groups

    def forward(self, x):
        n, c, h, w = x.shape
        return x.view(n, self.g, c // self.g, h, w).transpose(1, 2).reshape(n, c, h, w)


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, k, e, groups=1, expand_conv=None):
        super().__init__()
        mid = cin * e
        expand_conv = (e != 1 or groups > 1) if expand_conv is None else expand_conv
        self.pw = conv_bn(cin, mid, 1, 1, groups) if expand_conv else None
        self.shuffle = Shuffle(groups) if groups > 1 else None
        self.dw = conv_bn(mid, mid, k, stride, mid)
        self.pwl = conv_bn(mid, cout, 1, 1, groups, relu=False)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.pw(x) if self.pw is not None else x
        if self.shuffle is not None:
            y = self.shuffle(y)
        y = self.pwl(self.dw(y))
        return y + x if self.residual else y


class Skip(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.proj = None if stride == 1 and cin == cout else conv_bn(cin, cout, 1, stride)

    def forward(self, x):
        return x if self.proj is None else self.proj(x)


# (kernel, expansion, groups, expand_conv) per candidate; None = skip.
SPACES = {
    "fmnist-small": dict(
        input=(1, 28, 28), stem=16, head=(256, "bn"),
        layers=[(16, 1), (24, 2), (24, 1), (32, 2), (32, 1), (64, 1)],
        candidates=[(3, 1, 1, False), (3, 3, 1, True), (3, 6, 1, True), (5, 1, 1, False), (5, 3, 1, True), (5, 6, 1, True), None]),
    "fbnet-cifar": dict(
        input=(3, 32, 32), stem=16, head=(1504, "bias"),
        layers=[(16, 1)] + [(24, 2)] + [(24, 1)] * 3 + [(32, 2)] + [(32, 1)] * 3 + [(64, 2)] + [(64, 1)] * 3
        + [(112, 1)] * 4 + [(184, 2)] + [(184, 1)] * 3 + [(352, 1)],
        candidates=[(3, 1, 1, True), (3, 3, 1, True), (3, 6, 1, True), (5, 1, 1, True), (5, 3, 1, True), (5, 6, 1, True),
                    (3, 1, 2, True), (5, 1, 2, True), None]),
}


class Supernet(nn.Module):
    def __init__(self, s, classes=10):
        super().__init__()
        cin = s["input"][0]
        self.stem = conv_bn(cin, s["stem"], 3, 2)
        c = s["stem"]
        self.layers = nn.ModuleList()
        for cout, stride in s["layers"]:
            self.layers.append(nn.ModuleList([
                InvertedResidual(c, cout, stride, k, e, g, ex) if cand else Skip(c, cout, stride)
                for cand in s["candidates"] for (k, e, g, ex) in [cand or (0, 0, 0, False)]]))
            c = cout
        hc, norm = s["head"]
        self.head = nn.Sequential(nn.Conv2d(c, hc, 1, bias=False), nn.BatchNorm2d(hc), nn.ReLU()) if norm == "bn" else nn.Conv2d(c, hc, 1, bias=True)
        self.fc = nn.Linear(hc, classes)
        k = len(s["candidates"])
        self.theta = nn.ParameterList([nn.Parameter(torch.zeros(k)) for _ in s["layers"]])
        self.cost = [torch.rand(k) + 1.0 for _ in s["layers"]]

    def forward(self, x, tau=5.0, hard=False):
        x = self.stem(x)
        cost = 0.0
        for ops, th, c in zip(self.layers, self.theta, self.cost):
            m = F.gumbel_softmax(th, tau, hard=hard)
            if hard:
                i = int(m.argmax())
                x = m[i] * ops[i](x)
            else:
                x = sum(mi * op(x) for mi, op in zip(m, ops))
            cost = cost + (m * c).sum()
        return self.fc(self.head(x).mean((2, 3))), cost


def count_flops(net, shape):
    total = [0]

    def hook(mod, inp, out):
        if isinstance(mod, nn.Conv2d):
            total[0] += 2 * out.numel() * (mod.in_channels // mod.groups) * mod.kernel_size[0] * mod.kernel_size[1]
        elif isinstance(mod, nn.Linear):
            total[0] += 2 * mod.in_features * mod.out_features * out.shape[0]

    hs = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, *shape))
    net.train()
    for h in hs:
        h.remove()
    return total[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--space", choices=sorted(SPACES), default="fmnist-small")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iters", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    s = SPACES[a.space]
    net = Supernet(s)
    flops = count_flops(net, s["input"])
    w = [p for n, p in net.named_parameters() if not n.startswith("theta")]
    wopt = torch.optim.SGD(w, lr=1e-3, momentum=0.9, weight_decay=1e-4)
    topt = torch.optim.Adam(net.theta.parameters(), lr=1e-3)
    x = torch.randn(a.batch, *s["input"])
    y = torch.arange(a.batch) % 10

    def step(opt, hard):
        for p in w:
            p.requires_grad_(opt is wopt)
        opt.zero_grad()
        out, cost = net(x, hard=hard)
        loss = F.cross_entropy(out, y) + 0.0 * torch.log(cost)
        loss.backward()
        opt.step()

    def forward():
        with torch.no_grad():
            net(x)

    def med(fn):
        for _ in range(a.warmup):
            fn()
        ts = []
        for _ in range(a.iters):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        return statistics.median(ts) * 1000

    # Forward and w step back to back, the median of the pairs' ratios: the machine's drift cancels
    # out of it (nasflow's ratioPaired, bench/supernet.ts).
    def paired_ratio():
        ratios = []
        for i in range(a.warmup + a.iters):
            t0 = time.perf_counter()
            forward()
            t1 = time.perf_counter()
            step(wopt, False)
            t2 = time.perf_counter()
            if i >= a.warmup:
                ratios.append((t2 - t1) / (t1 - t0))
        return statistics.median(ratios)

    net.train()
    fwd = med(forward)
    # CPU time of the process (every thread) over the soft steps, as nasflow's cpuImagesPerSec.
    c0, t0 = time.process_time(), time.perf_counter()
    wms, tms = med(lambda: step(wopt, False)), med(lambda: step(topt, False))
    cpu_share = (time.process_time() - c0) / (time.perf_counter() - t0)
    hw, ht = med(lambda: step(wopt, True)), med(lambda: step(topt, True))
    paired = paired_ratio()
    r = lambda v: round(v, 1)
    print(json.dumps({
        "peer": "pytorch", "space": a.space, "torch": torch.__version__, "threads": a.threads, "batch": a.batch,
        "mflopsPerImage": round(flops / 1e6, 2), "forwardMs": r(fwd), "wStepMs": r(wms), "thetaStepMs": r(tms),
        "ratio": round(wms / fwd, 2), "ratioPaired": round(paired, 2), "imagesPerSec": r(2 * a.batch / ((wms + tms) / 1000)),
        "cpuImagesPerSec": r(2 * a.batch / ((wms + tms) / 1000) / cpu_share), "wImagesPerSec": r(a.batch / (wms / 1000)),
        "hardWStepMs": r(hw), "hardThetaStepMs": r(ht), "hardImagesPerSec": r(2 * a.batch / ((hw + ht) / 1000)), "iters": a.iters}))


if __name__ == "__main__":
    main()
