package org.vla4j.diagnose.preflight;

/**
 * The outcome of one preflight check: {@code PASS} (the convention looks right), {@code WARN} (the
 * evidence is weak or mixed: look before trusting a run), {@code FAIL} (the numbers point to a
 * misconfigured pipeline), {@code SKIP} (the check does not apply to this policy, e.g. a remote
 * client returns no logits). Printed upper-case.
 */
public enum CheckStatus {
  PASS, WARN, FAIL, SKIP;

  /** The worse of two statuses (FAIL over WARN over PASS over SKIP). */
  CheckStatus worse(CheckStatus o) {
    return rank(o) > rank(this) ? o : this;
  }

  private static int rank(CheckStatus s) {
    return switch (s) {
      case SKIP -> 0;
      case PASS -> 1;
      case WARN -> 2;
      case FAIL -> 3;
    };
  }
}
