"""Trains the kappa-stress MLP with PyTorch for `cmr bench train`.

Started by the Java runner with the thread variables already set; argv: threads, batch, seed.
The network is the runner's: 784 -> 14 x 256 -> 10, tanh, orthogonal initialization with gain
0.06, zero biases, mean softmax cross-entropy, gradient-norm clipping at 5, Adam at 1e-3. The
batches are synthetic (pixels uniform in [0, 1), labels uniform), made once and cycled, as in
the Java contender. One line per message, fields separated by tabs. Replies on stdout:
  info<TAB>key<TAB>value   facts about torch, its BLAS and its threads, sent once at start
  ready                    start-up finished, requests may follow
  error<TAB>message        the request (or start-up) failed
  time<TAB>seconds<TAB>loss  the wall time of the requested steps and the last loss
Requests on stdin:
  time<TAB>steps           trains `steps` optimizer steps back to back, timed as one block
  quit                     ends the process
"""
import os
import sys
import time

WIDTHS = [784] + [256] * 14 + [10]
BATCHES = 8


def send(*fields):
    line = "\t".join(str(f).replace("\t", " ").replace("\n", " ") for f in fields)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def loaded_blas_libraries():
    """Resolved paths of the BLAS and OpenMP libraries mapped into this process."""
    paths = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                parts = line.split()
                if len(parts) < 6:
                    continue
                name = os.path.basename(parts[5]).lower()
                if any(key in name for key in ("blas", "mkl", "gomp", "omp.so")):
                    real = os.path.realpath(parts[5])
                    if real not in paths:
                        paths.append(real)
    except OSError:
        pass
    return paths


def main():
    threads, batch, seed = (int(v) for v in sys.argv[1:4])
    try:
        import torch
    except Exception as exc:
        send("error", "import torch failed: " + type(exc).__name__ + ": " + str(exc))
        return 3
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    send("info", "python", sys.version.split()[0])
    send("info", "torch", torch.__version__)
    send("info", "torch_threads", torch.get_num_threads())
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        send("info", name, os.environ.get(name, "unset"))
    config = torch.__config__.show()
    for part in config.replace("\n", ",").split(","):
        part = part.strip()
        for key in ("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN", "USE_OPENMP"):
            if key + "=" not in part:
                continue
            value = part.split(key + "=", 1)[1]
            send("info", "config " + key, value.strip())
        if "CPU capability usage" in part:
            send("info", "cpu capability", part.split(":", 1)[1].strip())

    layers = []
    for i in range(len(WIDTHS) - 1):
        linear = torch.nn.Linear(WIDTHS[i], WIDTHS[i + 1])
        torch.nn.init.orthogonal_(linear.weight, gain=0.06)
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(WIDTHS) - 2:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)
    xs = [torch.rand(batch, WIDTHS[0], generator=generator) for _ in range(BATCHES)]
    ys = [torch.randint(0, WIDTHS[-1], (batch,), generator=generator) for _ in range(BATCHES)]

    # one step first, so that the BLAS has been loaded and can be named
    step_count = [0]

    def step():
        i = step_count[0] % BATCHES
        step_count[0] += 1
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xs[i]), ys[i])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        return loss

    step()
    send("info", "loaded libraries", " ".join(loaded_blas_libraries()) or "none found")
    send("ready")

    for line in sys.stdin:
        fields = line.rstrip("\n").split("\t")
        try:
            if fields[0] == "time":
                steps = int(fields[1])
                start = time.perf_counter()
                loss = None
                for _ in range(steps):
                    loss = step()
                seconds = time.perf_counter() - start
                send("time", repr(seconds), repr(float(loss)))
            elif fields[0] == "quit":
                return 0
            else:
                send("error", "unknown request " + repr(fields[0]))
        except Exception as exc:
            send("error", type(exc).__name__ + ": " + str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
