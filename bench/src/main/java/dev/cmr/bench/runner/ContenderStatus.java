package dev.cmr.bench.runner;

import java.util.Map;

/**
 * Whether a contender could run here, and what exactly ran.
 *
 * @param name the contender's name
 * @param available whether it opened
 * @param description what runs (library, version, kernel, threads), or why it is missing
 * @param facts details for the JSON report
 */
public record ContenderStatus(String name, boolean available, String description,
    Map<String, String> facts) {
  /** Copies the facts so the record stays immutable. */
  public ContenderStatus {
    facts = Map.copyOf(facts);
  }
}
