package org.vla4j.serve;

import java.util.Arrays;
import java.util.Map;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.WireException;

/** Shared by the servers: typed field access on decoded requests, and one checked policy call. */
final class Inference {
  private Inference() {}

  /** The policy failed on valid input (a server-side fault, not the client's). */
  static final class PolicyFailure extends RuntimeException {
    PolicyFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static RgbImage image(Map<?, ?> m, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) throw new WireException("missing key '" + key + "' (an [H, W, 3] uint8 image); got keys " + m.keySet());
      return null;
    }
    if (!(v instanceof NdArray a)) throw new WireException("'" + key + "' must be an [H, W, 3] uint8 ndarray, got " + kind(v));
    return a.toImage(key);
  }

  static String text(Map<?, ?> m, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) throw new WireException("missing key '" + key + "' (a string); got keys " + m.keySet());
      return null;
    }
    if (!(v instanceof String s)) throw new WireException("'" + key + "' must be a string, got " + kind(v));
    return s;
  }

  /** The 8-D state [eef pos 3, axis-angle 3, gripper qpos 2] or null. */
  static double[] state(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) return null;
    double[] s;
    if (v instanceof NdArray a) {
      s = a.toVector(key, 8);
    } else if (v instanceof java.util.List<?> l && l.size() == 8 && l.stream().allMatch(x -> x instanceof Number)) {
      s = l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    } else {
      throw new WireException("'" + key + "' must be an 8-element vector [eef pos 3, axis-angle 3, gripper qpos 2], got " + kind(v));
    }
    for (double x : s) if (!Double.isFinite(x)) throw new WireException("'" + key + "' holds a non-finite value: " + Arrays.toString(s));
    return s;
  }

  static String kind(Object v) {
    return switch (v) {
      case NdArray a -> a.toString();
      case String s -> "a string";
      case byte[] b -> "bytes";
      case Map<?, ?> x -> "a map";
      case java.util.List<?> l -> "a list";
      default -> v.getClass().getSimpleName().toLowerCase();
    };
  }

  /**
   * Runs the policy on an observation in the wire's (upright) convention.
   *
   * @throws IllegalArgumentException when the policy refuses the input (bad input: the client's)
   * @throws PolicyFailure when it fails otherwise or answers a non-finite or non-7-D action
   */
  static PolicyOutput act(Policy p, ObservationAdapter ad, RgbImage agentview, RgbImage wrist, double[] state, String instruction) {
    PolicyInput in = new PolicyInput(ad.toEnv(agentview), wrist == null ? null : ad.toEnv(wrist), state, instruction);
    PolicyOutput out;
    try {
      out = p.act(in);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PolicyFailure("policy '" + p.name() + "' failed: " + e, e);
    }
    double[] a = out.action();
    if (a == null || a.length != 7) throw new PolicyFailure("policy '" + p.name() + "' answered " + (a == null ? "no action" : a.length + " values") + ", not 7", null);
    for (double x : a) if (!Double.isFinite(x)) throw new PolicyFailure("policy '" + p.name() + "' answered a non-finite action " + Arrays.toString(a), null);
    return out;
  }

  /** The message a user sees for a failure: bad input as is; a server fault without stack. */
  static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
