"""Times numpy matmul for `cmr bench gemm`.

Started by the Java runner with the thread variables already set. Speaks one line per message,
fields separated by tabs. Replies on stdout:
  info<TAB>key<TAB>value   facts about numpy and its BLAS, sent once at start
  ready                    start-up finished, requests may follow
  error<TAB>message        the request (or start-up) failed
  ok                       a load or drop request succeeded
  time<TAB>seconds         the total wall time of the requested number of calls
Requests on stdin:
  load<TAB>dtype<TAB>m<TAB>k<TAB>n<TAB>a_path<TAB>b_path<TAB>c_path[<TAB>op]
      reads A and B as raw little-endian row-major arrays, A stored m x k (k x m when op
      starts with t) and B stored k x n (n x k when op ends with t); op is nn (the default),
      tn, nt or tt. Multiplies the transposed views (numpy hands them to BLAS as transpose
      flags, without a copy), computes C = op(A) @ op(B) once and writes it in the same
      format to c_path (the runner checks it)
  time<TAB>calls           runs C = A @ B `calls` times back to back, timed as one block
  drop                     forgets the current matrices
  quit                     ends the process
"""
import ctypes
import os
import sys
import time


def send(*fields):
    line = "\t".join(str(f).replace("\t", " ").replace("\n", " ") for f in fields)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def loaded_openblas_paths():
    """Paths of shared libraries with 'openblas' in their name mapped into this process."""
    paths = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                parts = line.split()
                if len(parts) >= 6 and "openblas" in os.path.basename(parts[5]).lower():
                    if parts[5] not in paths:
                        paths.append(parts[5])
    except OSError:
        pass
    return paths


def openblas_call(lib, stem, restype):
    """Calls an OpenBLAS query function under the symbol names its builds use."""
    for prefix in ("", "scipy_"):
        for suffix in ("", "64_", "_64"):
            try:
                fn = getattr(lib, prefix + stem + suffix)
            except AttributeError:
                continue
            fn.restype = restype
            fn.argtypes = []
            return fn()
    return None


def describe_blas(np):
    """Reports which BLAS numpy runs, its kernel (core type) and its thread count."""
    try:
        import threadpoolctl
        for pool in threadpoolctl.threadpool_info():
            if pool.get("user_api") == "blas":
                send("info", "blas", pool.get("internal_api"))
                send("info", "blas_version", pool.get("version"))
                send("info", "kernel", pool.get("architecture"))
                send("info", "blas_threads", pool.get("num_threads"))
                send("info", "blas_source", "threadpoolctl " + threadpoolctl.__version__)
                return
    except Exception:
        pass
    for path in loaded_openblas_paths():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        corename = openblas_call(lib, "openblas_get_corename", ctypes.c_char_p)
        if corename is None:
            continue
        config = openblas_call(lib, "openblas_get_config", ctypes.c_char_p)
        threads = openblas_call(lib, "openblas_get_num_threads", ctypes.c_int)
        send("info", "blas", "openblas")
        if config:
            send("info", "blas_config", config.decode("utf-8", "replace").strip())
        send("info", "kernel", corename.decode("utf-8", "replace"))
        if threads is not None:
            send("info", "blas_threads", threads)
        send("info", "blas_source", "ctypes " + os.path.basename(path))
        return
    try:
        config = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        send("info", "blas", blas.get("name", "unknown"))
        send("info", "blas_version", blas.get("version", "unknown"))
        if blas.get("openblas configuration"):
            send("info", "blas_config", blas["openblas configuration"])
        send("info", "blas_source", "numpy.show_config (build time, not the running kernel)")
    except Exception as exc:
        send("info", "blas", "unknown (" + type(exc).__name__ + ")")


def main():
    try:
        import numpy as np
    except Exception as exc:
        send("error", "import numpy failed: " + type(exc).__name__ + ": " + str(exc))
        return 3
    send("info", "python", sys.version.split()[0])
    send("info", "numpy", np.__version__)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE",
                 "OPENBLAS_L2_SIZE"):
        send("info", name, os.environ.get(name, "unset"))
    describe_blas(np)
    send("ready")

    a = b = c = None
    for line in sys.stdin:
        fields = line.rstrip("\n").split("\t")
        command = fields[0]
        try:
            if command == "load":
                dtype = {"float32": "<f4", "float64": "<f8"}[fields[1]]
                m, k, n = (int(v) for v in fields[2:5])
                op = fields[8] if len(fields) > 8 else "nn"
                if op not in ("nn", "tn", "nt", "tt"):
                    raise ValueError("op must be nn, tn, nt or tt, got " + repr(op))
                a = np.fromfile(fields[5], dtype=dtype)
                a = a.reshape(k, m).astype(dtype[1:]).T if op[0] == "t" else \
                    a.reshape(m, k).astype(dtype[1:])
                b = np.fromfile(fields[6], dtype=dtype)
                b = b.reshape(n, k).astype(dtype[1:]).T if op[1] == "t" else \
                    b.reshape(k, n).astype(dtype[1:])
                c = np.empty((m, n), dtype=dtype[1:])
                np.matmul(a, b, out=c)
                c.astype(dtype).tofile(fields[7])
                send("ok")
            elif command == "time":
                calls = int(fields[1])
                start = time.perf_counter()
                for _ in range(calls):
                    np.matmul(a, b, out=c)
                send("time", repr(time.perf_counter() - start))
            elif command == "drop":
                a = b = c = None
                send("ok")
            elif command == "quit":
                return 0
            else:
                send("error", "unknown request " + repr(command))
        except Exception as exc:
            send("error", type(exc).__name__ + ": " + str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
