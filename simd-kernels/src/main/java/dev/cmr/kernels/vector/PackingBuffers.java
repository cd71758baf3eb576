package dev.cmr.kernels.vector;

/**
 * The packing buffers of the GEMM kernels, one set per thread, kept from call to call, so that
 * a training step's dozens of products allocate nothing once the buffers have grown to the
 * largest shapes seen. They hold no state between calls that affects results: every call
 * writes each packed element (padding included) before reading it. A thread uses each slot in
 * one call at a time, as no GEMM calls another.
 */
final class PackingBuffers {
  /** The packed B panel of the blocked path. */
  static final int B_PANEL = 0;
  /** The packed A block of the blocked path. */
  static final int A_BLOCK = 1;
  /** The register tile spill of the blocked path. */
  static final int TILE = 2;
  /** The whole packed {@code op(A)} of the shared-panel path (shared by the call's threads). */
  static final int SHARED_A = 3;
  /** A B sliver of the shared-panel path (per executing thread). */
  static final int SHARED_B = 4;
  /** The register tile spill of the shared-panel path (per executing thread). */
  static final int SHARED_TILE = 5;
  private static final int SLOTS = 6;

  private static final ThreadLocal<PackingBuffers> CURRENT =
      ThreadLocal.withInitial(PackingBuffers::new);

  private final float[][] floats = new float[SLOTS][];
  private final double[][] doubles = new double[SLOTS][];

  private PackingBuffers() {}

  /** The calling thread's buffers. */
  static PackingBuffers current() {
    return CURRENT.get();
  }

  /** A float buffer of at least {@code size} elements in {@code slot}; contents undefined. */
  float[] floats(int slot, int size) {
    float[] buffer = floats[slot];
    if (buffer == null || buffer.length < size) {
      buffer = new float[size];
      floats[slot] = buffer;
    }
    return buffer;
  }

  /** A double buffer of at least {@code size} elements in {@code slot}; contents undefined. */
  double[] doubles(int slot, int size) {
    double[] buffer = doubles[slot];
    if (buffer == null || buffer.length < size) {
      buffer = new double[size];
      doubles[slot] = buffer;
    }
    return buffer;
  }
}
