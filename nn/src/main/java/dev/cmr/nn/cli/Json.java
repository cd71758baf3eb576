package dev.cmr.nn.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON support for the tool's own files: a streaming writer and a reader that turns
 * a document into maps, lists, strings, doubles, booleans and null. Non-finite numbers are
 * written as {@code null}, as JSON has no NaN.
 */
final class Json {
  private Json() {}

  /** Appends JSON text to a builder; the caller keeps names and values in order. */
  static final class Writer {
    private final StringBuilder sb = new StringBuilder();
    private final boolean pretty;
    /** Per open container: true until its first element is written. */
    private final Deque<Boolean> first = new ArrayDeque<>();
    private boolean afterName;

    /** A writer; {@code pretty} puts each member on its own indented line. */
    Writer(boolean pretty) {
      this.pretty = pretty;
    }

    Writer beginObject() {
      beforeValue();
      sb.append('{');
      first.push(true);
      return this;
    }

    Writer endObject() {
      return close('}');
    }

    Writer beginArray() {
      beforeValue();
      sb.append('[');
      first.push(true);
      return this;
    }

    Writer endArray() {
      return close(']');
    }

    /** Writes a member name; the next call writes its value. */
    Writer name(String name) {
      beforeValue();
      quote(name);
      sb.append(pretty ? ": " : ":");
      afterName = true;
      return this;
    }

    Writer value(String v) {
      beforeValue();
      if (v == null) {
        sb.append("null");
      } else {
        quote(v);
      }
      return this;
    }

    Writer value(double v) {
      beforeValue();
      sb.append(Double.isFinite(v) ? number(v) : "null");
      return this;
    }

    Writer value(long v) {
      beforeValue();
      sb.append(v);
      return this;
    }

    Writer value(boolean v) {
      beforeValue();
      sb.append(v);
      return this;
    }

    Writer member(String name, String v) {
      return name(name).value(v);
    }

    Writer member(String name, double v) {
      return name(name).value(v);
    }

    Writer member(String name, long v) {
      return name(name).value(v);
    }

    Writer member(String name, boolean v) {
      return name(name).value(v);
    }

    /** The text written so far. */
    @Override
    public String toString() {
      return sb.toString();
    }

    private void beforeValue() {
      if (afterName) {
        afterName = false;
        return;
      }
      if (!first.isEmpty()) {
        if (!first.pop()) {
          sb.append(',');
        }
        first.push(false);
        if (pretty) {
          newline();
        }
      }
    }

    private Writer close(char bracket) {
      boolean empty = first.pop();
      if (pretty && !empty) {
        newline();
      }
      sb.append(bracket);
      return this;
    }

    private void newline() {
      sb.append('\n');
      sb.append("  ".repeat(first.size()));
    }

    private void quote(String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      sb.append('"');
    }
  }

  /** A number as the shortest text that reads back to the same double. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /**
   * Parses a JSON document: objects become {@code LinkedHashMap}, arrays {@code List},
   * numbers {@code Double}, and so on.
   *
   * @throws IllegalArgumentException naming the position of the first syntax error
   */
  static Object parse(String text) {
    Reader r = new Reader(text);
    r.skipSpace();
    Object v = r.value();
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("unexpected text after the document");
    }
    return v;
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    Object value() {
      if (pos >= s.length()) {
        throw error("unexpected end of input");
      }
      char c = s.charAt(pos);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> number();
      };
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++;
      skipSpace();
      if (peek() == '}') {
        pos++;
        return m;
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("expected a member name");
        }
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        m.put(key, value());
        skipSpace();
        char c = next();
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> array() {
      List<Object> list = new ArrayList<>();
      pos++;
      skipSpace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        skipSpace();
        list.add(value());
        skipSpace();
        char c = next();
        if (c == ']') {
          return list;
        }
        if (c != ',') {
          throw error("expected ',' or ']'");
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\') {
          char e = next();
          switch (e) {
            case '"', '\\', '/' -> sb.append(e);
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw error("truncated \\u escape");
              }
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              pos += 4;
            }
            default -> throw error("bad escape \\" + e);
          }
        } else {
          sb.append(c);
        }
      }
    }

    private Object literal(String word, Object v) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
      return v;
    }

    private Double number() {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      if (start == pos) {
        throw error("unexpected character '" + s.charAt(pos) + "'");
      }
      try {
        return Double.valueOf(s.substring(start, pos));
      } catch (NumberFormatException e) {
        throw error("bad number '" + s.substring(start, pos) + "'");
      }
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end of input");
      }
      return s.charAt(pos);
    }

    private char next() {
      char c = peek();
      pos++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        pos--;
        throw error("expected '" + c + "'");
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON syntax error at character " + pos + ": " + what);
    }
  }
}
