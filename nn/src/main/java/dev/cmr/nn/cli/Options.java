package dev.cmr.nn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options of one subcommand: {@code --name VALUE} or {@code --name=VALUE}, the
 * switches {@code --verbose}, {@code --help} and {@code --version}, positional arguments where
 * a command takes them, and {@code config.json} files whose keys are the option names with
 * underscores.
 */
final class Options {
  /** One value-taking option: name without dashes, placeholder, help text. */
  record Option(String name, String arg, String help) {}

  /** The switches every command accepts; they take no value. */
  static final List<String> SWITCHES = List.of("--verbose", "--help", "-h", "--version");

  private final List<Option> options;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Options(List<Option> options) {
    this.options = options;
  }

  /**
   * Parses {@code args} against {@code options}; at most {@code maxPositional} arguments may
   * stand alone.
   *
   * @throws UsageException for an unknown option, a missing value or a stray argument
   */
  static Options parse(String[] args, List<Option> options, int maxPositional)
      throws UsageException {
    Options o = new Options(options);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (SWITCHES.contains(a)) {
        continue;
      }
      if (!a.startsWith("--") || a.length() == 2) {
        if (a.startsWith("-") || o.positional.size() >= maxPositional) {
          throw new UsageException("unexpected argument '" + a + "'");
        }
        o.positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option option = o.option(name);
      if (option == null) {
        throw new UsageException("unknown option '--" + name + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("option --" + name + " needs a value (" + option.arg() + ")");
        }
        if (args[i + 1].startsWith("--")) {
          throw new UsageException("option --" + name + " needs a value (" + option.arg()
              + "), got the option '" + args[i + 1] + "'; write --" + name + "=VALUE for a"
              + " value that starts with --");
        }
        value = args[++i];
      }
      o.values.put(name, value);
    }
    return o;
  }

  /** The option values given on the command line, in order, by name. */
  Map<String, String> values() {
    return values;
  }

  /** The positional arguments. */
  List<String> positional() {
    return positional;
  }

  /** The option called {@code name}, or null. */
  Option option(String name) {
    for (Option o : options) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    return null;
  }

  /**
   * Reads a {@code config.json} into option values (dashed names). Keys in {@code ignored}
   * and null values are skipped; {@code widths} (an array) is returned as a comma list under
   * {@code widths}.
   *
   * @throws UsageException if the file cannot be read or parsed, or holds an unknown key
   */
  Map<String, String> readConfig(Path file, List<String> ignored) throws UsageException {
    Object doc;
    try {
      doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UsageException("--config cannot be read (" + IoMessages.describe(e) + ")");
    } catch (IllegalArgumentException e) {
      throw new UsageException("--config " + file + ": " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new UsageException("--config " + file + " must hold a JSON object");
    }
    return fromJson(map, ignored, "--config " + file);
  }

  /** Option values from a parsed configuration object; see {@link #readConfig}. */
  Map<String, String> fromJson(Map<?, ?> map, List<String> ignored, String source)
      throws UsageException {
    Map<String, String> into = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = (String) e.getKey();
      Object v = e.getValue();
      String name = key.replace('_', '-');
      if (ignored.contains(key) || v == null) {
        continue;
      }
      if (key.equals("widths")) {
        into.put("widths", widthsText(source, v));
        continue;
      }
      if (option(name) == null || name.equals("config") || name.equals("resume")) {
        throw new UsageException(source + ": unknown key '" + key + "'");
      }
      into.put(name, v instanceof Double x ? Json.number(x) : String.valueOf(v));
    }
    return into;
  }

  private static String widthsText(String source, Object v) throws UsageException {
    if (!(v instanceof List<?> list)) {
      throw new UsageException(source + ": widths must be an array of integers");
    }
    StringBuilder sb = new StringBuilder();
    for (Object x : list) {
      if (!(x instanceof Double d) || d != Math.rint(d)) {
        throw new UsageException(source + ": widths must be an array of integers, got "
            + list);
      }
      sb.append(sb.isEmpty() ? "" : ",").append(Json.number(d));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------
  // typed values; IllegalArgumentException names the option and the text

  static int integer(Map<String, String> o, String name) {
    long value = longInteger(o, name);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + " must be at most "
          + Integer.MAX_VALUE + " in magnitude, got " + value);
    }
    return (int) value;
  }

  static long longInteger(Map<String, String> o, String name) {
    try {
      return Long.parseLong(o.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " expects an integer, got '" + o.get(name) + "'");
    }
  }

  static double real(Map<String, String> o, String name) {
    String s = o.get(name).trim();
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v) || s.endsWith("d") || s.endsWith("f") || s.endsWith("D")
          || s.endsWith("F")) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " expects a finite number, got '" + o.get(name) + "'");
    }
  }

  /** A comma-separated list of positive integers, such as {@code 784,256,10}. */
  static int[] integers(Map<String, String> o, String name) {
    String[] parts = o.get(name).split(",", -1);
    int[] v = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " expects integers separated by"
            + " commas, got '" + o.get(name) + "'");
      }
    }
    return v;
  }

  /** {@code on}/{@code off} (also true/false, yes/no, 1/0). */
  static boolean onOff(Map<String, String> o, String name) {
    return switch (o.get(name).trim().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(
          "--" + name + " expects on or off, got '" + o.get(name) + "'");
    };
  }

  /** Help lines for {@code options}, two columns. */
  static String helpLines(List<Option> options) {
    StringBuilder sb = new StringBuilder();
    for (Option o : options) {
      String left = "  --" + o.name() + " " + o.arg();
      sb.append(left).append(" ".repeat(Math.max(2, 24 - left.length()))).append(o.help())
          .append('\n');
    }
    return sb.toString();
  }
}
