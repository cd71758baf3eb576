"""numpy side of `cmr bench svd`: LAPACK's SVD and symmetric eigensolver through numpy.

Reads one request per line on stdin and answers one line on stdout:
  load PATH M N      -> "ok"      (PATH holds M*N little-endian float64, row-major)
  values KIND        -> the values of one call, space separated
  time KIND CALLS    -> the wall time of CALLS back-to-back calls, in seconds
KIND is svd-values, svd-vectors, eig-values or eig-vectors. Errors answer "error MESSAGE".
"""
import sys
import time

import numpy as np


def run(kind, a):
    if kind == "svd-values":
        return np.linalg.svd(a, compute_uv=False)
    if kind == "svd-vectors":
        return np.linalg.svd(a, full_matrices=False)[1]
    if kind == "eig-values":
        return np.linalg.eigvalsh(a)[::-1]
    if kind == "eig-vectors":
        return np.linalg.eigh(a)[0][::-1]
    raise ValueError("unknown kind " + kind)


def main():
    print("info\tnumpy\t" + np.__version__, flush=True)
    print("ready", flush=True)
    a = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "load":
                m, n = int(words[2]), int(words[3])
                a = np.fromfile(words[1], dtype="<f8").reshape(m, n)
                print("ok", flush=True)
            elif words[0] == "values":
                print(" ".join(repr(float(x)) for x in run(words[1], a)), flush=True)
            elif words[0] == "time":
                calls = int(words[2])
                start = time.perf_counter()
                for _ in range(calls):
                    run(words[1], a)
                print(repr(time.perf_counter() - start), flush=True)
            elif words[0] == "quit":
                break
            else:
                print("error unknown request " + words[0], flush=True)
        except Exception as e:  # report any failure to the Java side as one line
            print("error " + str(e).replace("\n", " "), flush=True)


main()
