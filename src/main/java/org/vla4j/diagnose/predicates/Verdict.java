package org.vla4j.diagnose.predicates;

import java.util.Map;

/**
 * What a failure predicate concluded about a list of steps.
 *
 * @param predicate the predicate's name, e.g. {@code BAD_PROMPT}
 * @param fired whether the failure's symptom is present
 * @param evidence one line saying why (fired or not), with numbers and thresholds
 * @param numbers the measured quantities the verdict rests on, by name, in insertion order
 */
public record Verdict(String predicate, boolean fired, String evidence, Map<String, Double> numbers) {
  public Verdict {
    numbers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(numbers));
  }
}
