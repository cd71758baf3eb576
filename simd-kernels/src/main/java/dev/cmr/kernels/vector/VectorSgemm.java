package dev.cmr.kernels.vector;

import dev.cmr.kernels.internal.ScalarKernels;
import dev.cmr.kernels.internal.TaskRunner;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single precision GEMM with packed panels and a register-tiled FMA micro-kernel.
 *
 * <p>Goto/BLIS blocking (Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008, sections 4-6): for each block of {@code NC}
 * columns and {@link #KC} inner indices a panel of {@code op(B)} is packed into slivers of
 * {@code NR = NV * lanes} columns, row after row; for each block of {@code MC} rows a panel
 * of {@code op(A)} is packed into slivers of {@link #MR} rows, column after column. Packing
 * absorbs the transposes, so one micro-kernel serves all four cases. The micro-kernel keeps
 * an {@code MR x NR} tile of {@code C} in {@code MR * NV} vector registers and, for each
 * inner index, loads {@code NV} vectors of B, broadcasts {@code MR} scalars of A and issues
 * {@code MR * NV} independent FMAs. Edge tiles are computed against zero-padded panels and
 * written through a small tile buffer.
 *
 * <p>The tile is sized from the register file (by default
 * {@link VectorFlags#VECTOR_REGISTERS}; tests pick either on any machine): with 32 registers
 * (AVX-512) {@code NV = 4}, 24 accumulators, and each A sliver stays in L1 while it sweeps
 * the B panel in L2; with 16 (AVX2) {@code NV = 2}, 12 accumulators plus 2 B vectors and a
 * broadcast, and the loops run the other way round (BLIS order): each B sliver of
 * {@code KC x NR} stays in L1 while the A block of {@code MC x KC} streams from L2, and the
 * B panel of {@code KC x NC} sits in the shared L3.
 *
 * <p>Every element of C is accumulated in increasing inner index with the same blocking,
 * whatever its position in the matrix, so results do not depend on how a caller splits C.
 * Workspace is allocated per call; instances are immutable and thread-safe.
 *
 * <p>The species comes from {@link #species()}, overridden per width to return a static
 * constant: the Vector API is intrinsified only when C2 sees the species as a constant, which
 * an instance field never is. With one width per JVM the call is monomorphic and inlined; tests
 * that mix widths run correctly but slower.
 */
abstract sealed class VectorSgemm {
  // Limitation: packing a transposed B (the NT case) is a scalar transpose, about 15% of the
  // time at 128x784x256; a register transpose with rearrange would remove most of it.
  // Limitation: at the MLP's shapes (m = 128, k and n 256 or 784) one thread reaches only
  // 0.5-0.7x OpenBLAS: A is packed by scalar code, each call allocates its packing
  // workspace, and with MR = 6 the last of 22 row tiles computes 4 rows of padding.
  // Limitation: until C2 compiles the micro-kernel (about 1 s of calls), the Vector API runs
  // interpreted or in C1 with boxed vectors, 10-100x slower than scalar code.
  /** Rows of the register tile. */
  static final int MR = 6;
  /** Most elements of a padded {@code op(A)} that {@link #gemmShared} packs whole. */
  static final int SHARED_A_LIMIT = 1 << 18;
  /** Slivers of A one claim of the shared path packs. */
  private static final int PACK_GROUP = 4;
  /** Inner block: a packed sliver of {@code KC} rows (A: 6 KiB, B: 16 KiB) stays in L1. */
  static final int KC = 256;

  /** Vectors per row of the register tile: {@code MR * nv} accumulators must fit the file. */
  private final int nv;
  /** Columns of the register tile. */
  private final int nr;
  /** Whether each B sliver stays in L1 while the A block streams (the 16-register order). */
  private final boolean bSliverOuter;
  /** Row block: the packed A block of {@code mcBlock x KC} floats (144 or 96 KiB) in L2. */
  private final int mcBlock;
  /** Column block: the B panel of {@code KC x ncBlock} floats (2 MiB in L3, 512 KiB in L2). */
  private final int ncBlock;

  private VectorSgemm(int bitSize, int registers) {
    this.nv = registers >= 32 ? 4 : 2;
    this.nr = nv * bitSize / Float.SIZE;
    this.bSliverOuter = nv == 2;
    this.mcBlock = bSliverOuter ? 144 : 96;
    this.ncBlock = bSliverOuter ? 2048 : 512;
  }

  /**
   * The implementation for vectors of {@code bitSize} bits (128, 256 or 512), with the tile
   * for a file of {@code registers} vector registers (32: {@code 6 x 4} vectors, else
   * {@code 6 x 2}).
   */
  static VectorSgemm forBitSize(int bitSize, int registers) {
    return switch (bitSize) {
      case 128 -> new Bits128(registers);
      case 256 -> new Bits256(registers);
      case 512 -> new Bits512(registers);
      default -> throw new IllegalArgumentException(
          "vector bit size must be 128, 256 or 512, got " + bitSize);
    };
  }

  /** The register tile as {@code rows x columns}, for the provider's description. */
  String tile() {
    return MR + "x" + nr;
  }

  /** The float species of this width, a static constant in each subclass. */
  abstract VectorSpecies<Float> species();

  private static final class Bits128 extends VectorSgemm {
    Bits128(int registers) {
      super(128, registers);
    }

    @Override
    VectorSpecies<Float> species() {
      return FloatVector.SPECIES_128;
    }
  }

  private static final class Bits256 extends VectorSgemm {
    Bits256(int registers) {
      super(256, registers);
    }

    @Override
    VectorSpecies<Float> species() {
      return FloatVector.SPECIES_256;
    }
  }

  private static final class Bits512 extends VectorSgemm {
    Bits512(int registers) {
      super(512, registers);
    }

    @Override
    VectorSpecies<Float> species() {
      return FloatVector.SPECIES_512;
    }
  }

  void gemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (alpha == 0f || k == 0) {
      ScalarKernels.scaleMatrix(m, n, beta, c, cOffset, ldc);
      return;
    }

    // workspace: this thread's packing buffers, grown to this call's sizes
    // equal inner blocks of at most KC (784 -> 4 x 196, not 3 x 256 + 16); they depend on k
    // alone, so every element of C sees the same summation order however C is split
    int kBlocks = (k + KC - 1) / KC;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    int ncMax = roundUp(Math.min(ncBlock, n), nr);
    int mcMax = roundUp(Math.min(mcBlock, m), MR);
    PackingBuffers buffers = PackingBuffers.current();
    float[] bPack = buffers.floats(PackingBuffers.B_PANEL, kcMax * ncMax);
    float[] aPack = buffers.floats(PackingBuffers.A_BLOCK, mcMax * kcMax);
    float[] tile = buffers.floats(PackingBuffers.TILE, MR * nr);

    for (int jc = 0; jc < n; jc += ncBlock) {
      int nc = Math.min(ncBlock, n - jc);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        boolean overwrite = pc == 0 && beta == 0f;
        float betaBlock = pc == 0 ? beta : 1f;
        packB(transB, b, bOffset, ldb, pc, kc, jc, nc, bPack);

        for (int ic = 0; ic < m; ic += mcBlock) {
          int mc = Math.min(mcBlock, m - ic);
          packA(transA, a, aOffset, lda, pc, kc, ic, mc, aPack, 0);

          if (bSliverOuter) {
            // macro-kernel: each B sliver stays in L1 while the A block streams from L2
            for (int jr = 0; jr < nc; jr += nr) {
              int cols = Math.min(nr, nc - jr);
              for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int cIndex = cOffset + (ic + ir) * ldc + jc + jr;
                microKernel(aPack, ir * kc, bPack, jr * kc, kc, c, cIndex, ldc, rows, cols,
                    alpha, betaBlock, overwrite, tile);
              }
            }
          } else {
            // macro-kernel: each A sliver stays in L1 while it sweeps the B panel in L2
            for (int ir = 0; ir < mc; ir += MR) {
              int rows = Math.min(MR, mc - ir);
              for (int jr = 0; jr < nc; jr += nr) {
                int cols = Math.min(nr, nc - jr);
                int cIndex = cOffset + (ic + ir) * ldc + jc + jr;
                microKernel(aPack, ir * kc, bPack, jr * kc, kc, c, cIndex, ldc, rows, cols,
                    alpha, betaBlock, overwrite, tile);
              }
            }
          }
        }
      }
    }
  }

  /**
   * The shared-panel path for a small {@code op(A)} (the MLP's products): {@code op(A)} is
   * packed whole, once, by all threads together (they claim sliver groups), and then each
   * thread claims column slivers of C, packs that sliver of {@code op(B)} for each inner block
   * and sweeps all rows. Nothing is packed twice, and the claiming balances the threads even
   * when one of them starts late. A thread waits only for packing that another running thread
   * has claimed. Each element sees the blocks and the tile arithmetic of {@link #gemm}, so
   * the bits are the same.
   *
   * @return false, touching nothing, when {@code op(A)} is too large, C has fewer than two
   *     column slivers per thread, or the product is trivial
   */
  boolean gemmShared(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc, int tasks, TaskRunner runner) {
    int mPad = roundUp(m, MR);
    int columnUnits = (n + nr - 1) / nr;
    if (m == 0 || n == 0 || k == 0 || alpha == 0f || (long) mPad * k > SHARED_A_LIMIT
        || columnUnits < 2 * tasks) {
      return false;
    }
    int kBlocks = (k + KC - 1) / KC;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    int groups = (mPad / MR + PACK_GROUP - 1) / PACK_GROUP;
    int packUnits = kBlocks * groups;
    float[] aPack = PackingBuffers.current().floats(PackingBuffers.SHARED_A, mPad * k);
    AtomicInteger packNext = new AtomicInteger();
    AtomicInteger packDone = new AtomicInteger();
    AtomicInteger columnNext = new AtomicInteger();
    runner.run(tasks, task -> {
      for (int u = packNext.getAndIncrement(); u < packUnits; u = packNext.getAndIncrement()) {
        try {
          int p0 = u / groups * kcMax;
          int kc = Math.min(kcMax, k - p0);
          int i0 = u % groups * PACK_GROUP * MR;
          packA(transA, a, aOffset, lda, p0, kc, i0, Math.min(PACK_GROUP * MR, m - i0),
              aPack, mPad * p0 + i0 * kc);
        } finally {
          packDone.incrementAndGet();
        }
      }
      while (packDone.get() < packUnits) {
        Thread.onSpinWait();
      }
      PackingBuffers buffers = PackingBuffers.current();
      float[] bPack = buffers.floats(PackingBuffers.SHARED_B, kcMax * nr);
      float[] tile = buffers.floats(PackingBuffers.SHARED_TILE, MR * nr);
      for (int u = columnNext.getAndIncrement(); u < columnUnits;
          u = columnNext.getAndIncrement()) {
        int j0 = u * nr;
        int cols = Math.min(nr, n - j0);
        for (int p0 = 0; p0 < k; p0 += kcMax) {
          int kc = Math.min(kcMax, k - p0);
          boolean overwrite = p0 == 0 && beta == 0f;
          float betaBlock = p0 == 0 ? beta : 1f;
          packB(transB, b, bOffset, ldb, p0, kc, j0, cols, bPack);
          for (int ir = 0; ir < m; ir += MR) {
            microKernel(aPack, mPad * p0 + ir * kc, bPack, 0, kc, c, cOffset + ir * ldc + j0,
                ldc, Math.min(MR, m - ir), cols, alpha, betaBlock, overwrite, tile);
          }
        }
      }
    });
    return true;
  }

  /** Packs {@code op(B)[p0:p0+kc, j0:j0+nc]} into slivers of {@code nr} columns, zero-padded. */
  private void packB(boolean transB, float[] b, int bOffset, int ldb, int p0, int kc,
      int j0, int nc, float[] bPack) {
    for (int js = 0; js < nc; js += nr) {
      int width = Math.min(nr, nc - js);
      int base = js * kc;
      if (!transB && width == nr) {
        // whole vectors: cheaper than an arraycopy call per row of the sliver
        VectorSpecies<Float> s = species();
        int l = s.length();
        int src = bOffset + p0 * ldb + j0 + js;
        for (int p = 0; p < kc; p++) {
          int from = src + p * ldb;
          int dst = base + p * nr;
          for (int v = 0; v < nr; v += l) {
            FloatVector.fromArray(s, b, from + v).intoArray(bPack, dst + v);
          }
        }
      } else if (!transB) {
        int src = bOffset + p0 * ldb + j0 + js;
        for (int p = 0; p < kc; p++) {
          int dst = base + p * nr;
          System.arraycopy(b, src + p * ldb, bPack, dst, width);
          if (width < nr) {
            Arrays.fill(bPack, dst + width, dst + nr, 0f);
          }
        }
      } else {
        // a transpose: write each packed row in order; the nr source rows stay in L1
        int src = bOffset + (j0 + js) * ldb + p0;
        for (int p = 0; p < kc; p++) {
          int dst = base + p * nr;
          int from = src + p;
          for (int jj = 0; jj < width; jj++) {
            bPack[dst + jj] = b[from + jj * ldb];
          }
          for (int jj = width; jj < nr; jj++) {
            bPack[dst + jj] = 0f;
          }
        }
      }
    }
  }

  /**
   * Packs {@code op(A)[i0:i0+mc, p0:p0+kc]} into slivers of {@link #MR} rows, zero-padded,
   * from {@code aPack[start]} on.
   */
  private static void packA(boolean transA, float[] a, int aOffset, int lda, int p0, int kc,
      int i0, int mc, float[] aPack, int start) {
    for (int is = 0; is < mc; is += MR) {
      int height = Math.min(MR, mc - is);
      int base = start + is * kc;
      if (!transA) {
        for (int r = 0; r < height; r++) {
          int src = aOffset + (i0 + is + r) * lda + p0;
          for (int p = 0; p < kc; p++) {
            aPack[base + p * MR + r] = a[src + p];
          }
        }
      } else if (height == MR) {
        for (int p = 0; p < kc; p++) {
          int src = aOffset + (p0 + p) * lda + i0 + is;
          int dst = base + p * MR;
          aPack[dst] = a[src];
          aPack[dst + 1] = a[src + 1];
          aPack[dst + 2] = a[src + 2];
          aPack[dst + 3] = a[src + 3];
          aPack[dst + 4] = a[src + 4];
          aPack[dst + 5] = a[src + 5];
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = aOffset + (p0 + p) * lda + i0 + is;
          int dst = base + p * MR;
          for (int r = 0; r < height; r++) {
            aPack[dst + r] = a[src + r];
          }
        }
      }
      if (height < MR) {
        for (int p = 0; p < kc; p++) {
          int dst = base + p * MR;
          Arrays.fill(aPack, dst + height, dst + MR, 0f);
        }
      }
    }
  }

  /**
   * {@code C[tile] = alpha * Apanel * Bpanel + beta * C[tile]} for one {@code MR x NR} tile,
   * of which only {@code rows x cols} is inside C.
   */
  private void microKernel(float[] aPack, int aIndex, float[] bPack, int bIndex, int kc,
      float[] c, int cIndex, int ldc, int rows, int cols, float alpha, float beta,
      boolean overwrite, float[] tile) {
    if (nv == 4) {
      microKernel4(aPack, aIndex, bPack, bIndex, kc, tile);
    } else {
      microKernel2(aPack, aIndex, bPack, bIndex, kc, tile);
    }
    updateTile(tile, c, cIndex, ldc, rows, cols, alpha, beta, overwrite);
  }

  /** The {@code 6 x 2}-vector tile product into {@code tile} (12 accumulators). */
  private void microKernel2(float[] aPack, int aIndex, float[] bPack, int bIndex, int kc,
      float[] tile) {
    VectorSpecies<Float> s = species();
    int l = s.length();
    FloatVector c00 = FloatVector.zero(s);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    for (int p = 0; p < kc; p++) {
      int ai = aIndex + p * MR;
      int bi = bIndex + p * 2 * l;
      FloatVector b0 = FloatVector.fromArray(s, bPack, bi);
      FloatVector b1 = FloatVector.fromArray(s, bPack, bi + l);
      FloatVector va = FloatVector.broadcast(s, aPack[ai]);
      c00 = fma(va, b0, c00);
      c01 = fma(va, b1, c01);
      va = FloatVector.broadcast(s, aPack[ai + 1]);
      c10 = fma(va, b0, c10);
      c11 = fma(va, b1, c11);
      va = FloatVector.broadcast(s, aPack[ai + 2]);
      c20 = fma(va, b0, c20);
      c21 = fma(va, b1, c21);
      va = FloatVector.broadcast(s, aPack[ai + 3]);
      c30 = fma(va, b0, c30);
      c31 = fma(va, b1, c31);
      va = FloatVector.broadcast(s, aPack[ai + 4]);
      c40 = fma(va, b0, c40);
      c41 = fma(va, b1, c41);
      va = FloatVector.broadcast(s, aPack[ai + 5]);
      c50 = fma(va, b0, c50);
      c51 = fma(va, b1, c51);
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, l);
    c10.intoArray(tile, 2 * l);
    c11.intoArray(tile, 3 * l);
    c20.intoArray(tile, 4 * l);
    c21.intoArray(tile, 5 * l);
    c30.intoArray(tile, 6 * l);
    c31.intoArray(tile, 7 * l);
    c40.intoArray(tile, 8 * l);
    c41.intoArray(tile, 9 * l);
    c50.intoArray(tile, 10 * l);
    c51.intoArray(tile, 11 * l);
  }

  /** The {@code 6 x 4}-vector tile product into {@code tile} (24 accumulators). */
  private void microKernel4(float[] aPack, int aIndex, float[] bPack, int bIndex, int kc,
      float[] tile) {
    VectorSpecies<Float> s = species();
    int l = s.length();
    FloatVector c00 = FloatVector.zero(s);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c42 = c00;
    FloatVector c43 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c52 = c00;
    FloatVector c53 = c00;

    // rank-1 updates, one per inner index
    for (int p = 0; p < kc; p++) {
      // indices linear in p, so that C2 hoists the range checks out of the loop
      int ai = aIndex + p * MR;
      int bi = bIndex + p * 4 * l;
      FloatVector b0 = FloatVector.fromArray(s, bPack, bi);
      FloatVector b1 = FloatVector.fromArray(s, bPack, bi + l);
      FloatVector b2 = FloatVector.fromArray(s, bPack, bi + 2 * l);
      FloatVector b3 = FloatVector.fromArray(s, bPack, bi + 3 * l);
      FloatVector va = FloatVector.broadcast(s, aPack[ai]);
      c00 = fma(va, b0, c00);
      c01 = fma(va, b1, c01);
      c02 = fma(va, b2, c02);
      c03 = fma(va, b3, c03);
      va = FloatVector.broadcast(s, aPack[ai + 1]);
      c10 = fma(va, b0, c10);
      c11 = fma(va, b1, c11);
      c12 = fma(va, b2, c12);
      c13 = fma(va, b3, c13);
      va = FloatVector.broadcast(s, aPack[ai + 2]);
      c20 = fma(va, b0, c20);
      c21 = fma(va, b1, c21);
      c22 = fma(va, b2, c22);
      c23 = fma(va, b3, c23);
      va = FloatVector.broadcast(s, aPack[ai + 3]);
      c30 = fma(va, b0, c30);
      c31 = fma(va, b1, c31);
      c32 = fma(va, b2, c32);
      c33 = fma(va, b3, c33);
      va = FloatVector.broadcast(s, aPack[ai + 4]);
      c40 = fma(va, b0, c40);
      c41 = fma(va, b1, c41);
      c42 = fma(va, b2, c42);
      c43 = fma(va, b3, c43);
      va = FloatVector.broadcast(s, aPack[ai + 5]);
      c50 = fma(va, b0, c50);
      c51 = fma(va, b1, c51);
      c52 = fma(va, b2, c52);
      c53 = fma(va, b3, c53);
    }

    // spill the accumulators; calls taking vectors would box them if C2 stops inlining
    int t = 0;
    c00.intoArray(tile, t);
    c01.intoArray(tile, t + l);
    c02.intoArray(tile, t + 2 * l);
    c03.intoArray(tile, t + 3 * l);
    t += 4 * l;
    c10.intoArray(tile, t);
    c11.intoArray(tile, t + l);
    c12.intoArray(tile, t + 2 * l);
    c13.intoArray(tile, t + 3 * l);
    t += 4 * l;
    c20.intoArray(tile, t);
    c21.intoArray(tile, t + l);
    c22.intoArray(tile, t + 2 * l);
    c23.intoArray(tile, t + 3 * l);
    t += 4 * l;
    c30.intoArray(tile, t);
    c31.intoArray(tile, t + l);
    c32.intoArray(tile, t + 2 * l);
    c33.intoArray(tile, t + 3 * l);
    t += 4 * l;
    c40.intoArray(tile, t);
    c41.intoArray(tile, t + l);
    c42.intoArray(tile, t + 2 * l);
    c43.intoArray(tile, t + 3 * l);
    t += 4 * l;
    c50.intoArray(tile, t);
    c51.intoArray(tile, t + l);
    c52.intoArray(tile, t + 2 * l);
    c53.intoArray(tile, t + 3 * l);
  }

  /**
   * {@code C = alpha * tile + beta * C} (or {@code alpha * tile} when {@code overwrite}) on the
   * in-bounds {@code rows x cols} corner of a tile; vector and scalar branches round the same.
   */
  private void updateTile(float[] tile, float[] c, int cIndex, int ldc, int rows, int cols,
      float alpha, float beta, boolean overwrite) {
    VectorSpecies<Float> s = species();
    int l = s.length();
    int full = cols == nr ? nr : 0;
    for (int r = 0; r < rows; r++) {
      int row = cIndex + r * ldc;
      int t = r * nr;
      for (int j = 0; j < full; j += l) {
        FloatVector v = FloatVector.fromArray(s, tile, t + j).mul(alpha);
        if (!overwrite) {
          v = v.add(FloatVector.fromArray(s, c, row + j).mul(beta));
        }
        v.intoArray(c, row + j);
      }
      for (int j = full; j < cols; j++) {
        float v = alpha * tile[t + j];
        c[row + j] = overwrite ? v : v + beta * c[row + j];
      }
    }
  }

  /** {@code a * b + c}, fused where the CPU has FMA (see {@link VectorFlags#FAST_FMA}). */
  private static FloatVector fma(FloatVector a, FloatVector b, FloatVector c) {
    return VectorFlags.FAST_FMA ? a.fma(b, c) : a.mul(b).add(c);
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }
}
