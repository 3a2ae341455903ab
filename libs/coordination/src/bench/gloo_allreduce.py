"""The baseline of `acgan bench allreduce --compare-gloo`: PyTorch's torch.distributed
allreduce on the gloo backend (CPU tensors, TCP loopback) of the same bytes and ranks,
timed the same way (median of rounds 2..R, round 1 warms up). Needs Debian's
python3-torch (its /usr/bin/python3). Prints one JSON line.

    /usr/bin/python3 gloo_allreduce.py <workers> <elements> <rounds> <port>
"""
import json
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp


def run(rank, world, elements, rounds, port, out):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    grads = torch.arange(elements, dtype=torch.float32).remainder_(1000).div_(1000).add_(rank)
    times = []
    for _ in range(rounds):
        buf = grads.clone()
        dist.barrier()
        t0 = time.perf_counter()
        dist.all_reduce(buf, op=dist.ReduceOp.SUM)
        buf.div_(world)
        times.append((time.perf_counter() - t0) * 1000)
    if rank == 0:
        out.put(times)
    dist.destroy_process_group()


if __name__ == "__main__":
    world, elements, rounds, port = (int(a) for a in sys.argv[1:5])
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=run, args=(r, world, elements, rounds, port, out)) for r in range(world)]
    for p in procs:
        p.start()
    times = out.get(timeout=600)
    for p in procs:
        p.join()
    later = sorted(times[1:]) or times
    print(json.dumps({"gloo_ms": later[len(later) // 2], "gloo_ms_per_round": times, "torch": torch.__version__}))
