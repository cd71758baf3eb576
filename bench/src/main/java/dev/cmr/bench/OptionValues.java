package dev.cmr.bench;

import java.util.List;

/** Option values shared by the runners' command-line parsers. */
public final class OptionValues {
  private OptionValues() {}

  /**
   * The value after an option given as a separate argument.
   *
   * @param args the arguments
   * @param index where the value should stand
   * @param name the option, for the message
   * @return the value
   * @throws UsageException when the arguments end first
   */
  public static String value(List<String> args, int index, String name) throws UsageException {
    if (index >= args.size()) {
      throw new UsageException(name + " expects a value, got nothing");
    }
    return args.get(index);
  }

  /**
   * An integer option in {@code [min, max]}.
   *
   * @param name the option, for the message
   * @param value its text
   * @param min smallest allowed value
   * @param max largest allowed value
   * @return the value
   * @throws UsageException naming the option, the range and the text otherwise
   */
  public static int integer(String name, String value, int min, int max)
      throws UsageException {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below together with the out-of-range case
    }
    throw new UsageException(name + " expects an integer in " + min + ".." + max + ", got '"
        + value + "'");
  }

  /**
   * The default of {@code --threads}: the {@code cmr.threads} system property when it holds
   * a positive integer, else the number of available processors (an unusable property is
   * treated like an absent one).
   *
   * @return the default thread count, at least 1
   */
  public static int defaultThreads() {
    String property = System.getProperty("cmr.threads");
    if (property != null) {
      try {
        int threads = Integer.parseInt(property.trim());
        if (threads >= 1) {
          return threads;
        }
      } catch (NumberFormatException e) {
        // falls back to the processor count below
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }
}
