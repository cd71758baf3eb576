package dev.cmr.bench.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer's child process (a Python script) that answers tab-separated request lines with
 * tab-separated reply lines on standard output; the last lines of its standard error are kept
 * for error messages. Used by the numpy and PyTorch contenders.
 */
public final class LineProcess implements AutoCloseable {
  private static final String END = "\u0000end";
  private static final int ERROR_LINES_KEPT = 5;

  private final String label;
  private final Process process;
  private final Writer requests;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final Deque<String> errorTail = new ArrayDeque<>();
  private final Thread errorPump;

  private LineProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    pump(process.getInputStream(), true);
    this.errorPump = pump(process.getErrorStream(), false);
  }

  /**
   * Starts the process.
   *
   * @param label names the peer in messages, for example {@code "numpy"}
   * @param builder the command, environment and folder of the process
   * @return the running process
   * @throws IOException if the process cannot be started (as {@link ProcessBuilder#start})
   */
  public static LineProcess start(String label, ProcessBuilder builder) throws IOException {
    return new LineProcess(label, builder.start());
  }

  /**
   * Whether the process still runs.
   *
   * @return true while it has not exited
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Sends one request line (the fields joined by tabs) and waits for the reply.
   *
   * @param timeoutSeconds how long to wait for the reply
   * @param fields the request's fields, written with {@code toString}
   * @return the reply line
   * @throws IOException if the process is not running, exits or does not reply in time
   */
  public String request(long timeoutSeconds, Object... fields) throws IOException {
    if (!process.isAlive()) {
      throw new IOException("the " + label + " process is not running" + stderrTail());
    }
    StringBuilder line = new StringBuilder();
    for (Object f : fields) {
      if (!line.isEmpty()) {
        line.append('\t');
      }
      line.append(f);
    }
    requests.write(line.append('\n').toString());
    requests.flush();
    return reply(timeoutSeconds);
  }

  /**
   * Waits for the next line the process writes.
   *
   * @param timeoutSeconds how long to wait; the process is killed when it runs out
   * @return the line
   * @throws IOException if the process exits (with its exit code and last error lines) or
   *     writes nothing in time
   */
  public String reply(long timeoutSeconds) throws IOException {
    String line;
    try {
      line = replies.poll(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the " + label + " process", e);
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IOException("no reply from the " + label + " process within " + timeoutSeconds
          + " s");
    }
    if (line.equals(END)) {
      replies.add(END);
      String code = "";
      try {
        if (process.waitFor(5, TimeUnit.SECONDS)) {
          code = " with code " + process.exitValue();
        }
        errorPump.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("the Python process exited" + code + stderrTail());
    }
    return line;
  }

  /**
   * Splits a reply and checks its kind (its first field).
   *
   * @param kind the expected first field
   * @param line the reply
   * @param minFields the fewest fields a well-formed reply of this kind has
   * @return the fields
   * @throws IOException if the reply is an {@code error} line, or of another kind or shorter
   */
  public String[] expect(String kind, String line, int minFields) throws IOException {
    String[] fields = line.split("\t");
    if (fields[0].equals("error")) {
      throw new IOException(label + ": " + (fields.length > 1 ? fields[1] : "unknown error"));
    }
    if (!fields[0].equals(kind) || fields.length < minFields) {
      throw new IOException(label + " process replied '" + line + "', expected '" + kind
          + "'");
    }
    return fields;
  }

  /**
   * The last lines the process wrote to standard error, for a message.
   *
   * @return {@code ": line | line ..."}, or an empty string when there were none
   */
  public String stderrTail() {
    synchronized (errorTail) {
      return errorTail.isEmpty() ? "" : ": " + String.join(" | ", errorTail);
    }
  }

  /** Asks the process to quit, then ends it; waits at most about ten seconds. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        requests.write("quit\n");
        requests.flush();
      }
    } catch (IOException e) {
      // The process is gone already; destroying it below is all that is left to do.
      process.destroy();
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private Thread pump(InputStream stream, boolean isReplies) {
    Thread pump = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (isReplies) {
            replies.add(line);
          } else {
            synchronized (errorTail) {
              errorTail.addLast(line);
              while (errorTail.size() > ERROR_LINES_KEPT) {
                errorTail.removeFirst();
              }
            }
          }
        }
      } catch (IOException e) {
        // The stream closes when the process ends; the end marker below reports it.
      } finally {
        if (isReplies) {
          replies.add(END);
        }
      }
    }, label + (isReplies ? "-replies" : "-stderr"));
    pump.setDaemon(true);
    pump.start();
    return pump;
  }
}
