package dev.cmr.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer for the benchmark reports: maps (keys as strings, in iteration order),
 * collections, strings, numbers, booleans and null. Non-finite numbers, which JSON cannot
 * hold, become {@code null}. Output is indented by two spaces per level.
 */
public final class Json {
  private Json() {}

  /** The JSON text of {@code value}, ending with a newline. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.append('\n').toString();
  }

  /**
   * Writes {@code text} to {@code file} atomically: into a temporary file in the same folder,
   * then renamed over the target, so a reader never sees a half-written report.
   *
   * @throws IOException when the folder does not exist or cannot be written
   */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    Path temp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void write(StringBuilder out, Object value, int depth) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(out, s);
      case Boolean b -> out.append(b);
      case Double d -> number(out, d);
      case Float f -> number(out, f.doubleValue());
      case Number n -> out.append(n.longValue());
      case Map<?, ?> map -> object(out, map, depth);
      case Collection<?> list -> array(out, list, depth);
      default -> throw new IllegalArgumentException(
          "JSON cannot hold a " + value.getClass().getName() + ": " + value);
    }
  }

  private static void number(StringBuilder out, double d) {
    if (!Double.isFinite(d)) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(d);
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(first ? "\n" : ",\n");
      first = false;
      indent(out, depth + 1);
      string(out, String.valueOf(e.getKey()));
      out.append(": ");
      write(out, e.getValue(), depth + 1);
    }
    out.append('\n');
    indent(out, depth);
    out.append('}');
  }

  private static void array(StringBuilder out, Collection<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    boolean flat = list.stream().allMatch(v -> v == null || v instanceof Number
        || v instanceof Boolean);
    out.append('[');
    boolean first = true;
    for (Object v : list) {
      if (flat) {
        out.append(first ? "" : ", ");
      } else {
        out.append(first ? "\n" : ",\n");
        indent(out, depth + 1);
      }
      first = false;
      write(out, v, depth + 1);
    }
    if (!flat) {
      out.append('\n');
      indent(out, depth);
    }
    out.append(']');
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("  ".repeat(depth));
  }
}
