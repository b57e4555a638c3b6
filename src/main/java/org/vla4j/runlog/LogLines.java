package org.vla4j.runlog;

import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.MonitorEvent;
import org.vla4j.rollout.StepRecord;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats the lines of a run's JSONL logs. Key order is fixed and numbers have a fixed format, so
 * that the same episodes give byte-identical {@code steps.jsonl} and {@code episodes.jsonl}
 * (docs/FORMATS.md describes every field).
 *
 * <p>Real numbers in {@code steps.jsonl} are written with exactly 4 decimals, rounded half-even
 * from the exact binary value (e.g. {@code 0.12345678 → 0.1235}, {@code -0.0 → 0.0000}); a value
 * that is NaN or infinite (an unstable simulation) is written as {@code null}.
 */
public final class LogLines {
  private LogLines() {}

  /**
   * A line of {@code steps.jsonl} (without newline):
   * {@code {"episode":E,"step":S,"img_mean":M,"action":[a0..a6],"reward":R,"done":B,"tag":"T"}}, and
   * for an action executed from chunks of more than one action {@code ,"query":Q,"blend":N} before the
   * closing brace (the newest query that made it, from 0 within the episode; predictions averaged).
   *
   * @param episode the episode index to write (the run's canonical index)
   */
  public static String step(int episode, StepRecord r) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"episode\":").append(episode)
        .append(",\"step\":").append(r.step())
        .append(",\"img_mean\":").append(fixed4(r.imgMean()))
        .append(",\"action\":[");
    double[] a = r.action();
    for (int i = 0; i < a.length; i++) {
      if (i > 0) sb.append(',');
      sb.append(fixed4(a[i]));
    }
    sb.append("],\"reward\":").append(fixed4(r.reward()))
        .append(",\"done\":").append(r.done())
        .append(",\"tag\":").append(quote(r.tag()));
    if (r.query() != null) sb.append(",\"query\":").append(r.query().index()).append(",\"blend\":").append(r.query().blend());
    sb.append('}');
    return sb.toString();
  }

  /**
   * A line of {@code episodes.jsonl} (without newline): {@code {"episode","task_id","instruction",
   * "init_state","seed","success","steps","first_gripper_close_step","failure_reason"}}. Index, task
   * id, init state and seed come from {@code spec} (what was planned), the rest from {@code r}. It
   * holds no wall-clock time: that goes to {@code timings.jsonl} ({@link #timing}) so this file is
   * deterministic.
   */
  public static String episode(EpisodeSpec spec, EpisodeResult r) {
    return "{\"episode\":" + spec.index()
        + ",\"task_id\":" + spec.taskId()
        + ",\"instruction\":" + quote(r.instruction())
        + ",\"init_state\":" + spec.initState()
        + ",\"seed\":" + spec.seed()
        + ",\"success\":" + r.success()
        + ",\"steps\":" + r.steps()
        + ",\"first_gripper_close_step\":" + r.firstGripperCloseStep()
        + ",\"failure_reason\":" + quote(r.failureReason())
        + "}";
  }

  /** A line of {@code timings.jsonl} (without newline): {@code {"episode":E,"wall_s":W}}, W in seconds, 3 decimals. */
  public static String timing(int episode, double wallSeconds) {
    return "{\"episode\":" + episode + ",\"wall_s\":" + fixed3(wallSeconds) + "}";
  }

  /**
   * A line of {@code timings.jsonl} with a remote policy's calls when {@code calls} is not null:
   * {@code {"episode":E,"wall_s":W,"policy_calls":N,"policy_call_p50_ms":P,"policy_call_max_ms":M}}
   * (milliseconds, 3 decimals, null without a call) and, for a {@code policy_error} episode,
   * {@code "policy_error":"<message>"}; with null calls exactly {@link #timing(int, double)}.
   */
  public static String timing(int episode, double wallSeconds, org.vla4j.rollout.PolicyCalls calls) {
    if (calls == null) return timing(episode, wallSeconds);
    return "{\"episode\":" + episode + ",\"wall_s\":" + fixed3(wallSeconds)
        + ",\"policy_calls\":" + calls.calls()
        + ",\"policy_call_p50_ms\":" + fixed3(calls.p50Ms())
        + ",\"policy_call_max_ms\":" + fixed3(calls.maxMs())
        + (calls.error() == null ? "" : ",\"policy_error\":" + quote(calls.error()))
        + "}";
  }

  private static String fixed3(double x) {
    return Double.isFinite(x) ? new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).toPlainString() : "null";
  }

  /**
   * A line of {@code monitor.jsonl} (without newline):
   * {@code {"episode":E,"step":S,"monitor":"M","evidence":"…","stopped":B}}.
   *
   * @param episode the episode index to write (the run's canonical index)
   */
  public static String monitor(int episode, MonitorEvent e) {
    return "{\"episode\":" + episode
        + ",\"step\":" + e.step()
        + ",\"monitor\":" + quote(e.monitor())
        + ",\"evidence\":" + quote(e.evidence())
        + ",\"stopped\":" + e.stopped()
        + "}";
  }

  /** {@code x} with exactly 4 decimals (half-even from the exact value), {@code null} if not finite. */
  public static String fixed4(double x) {
    if (!Double.isFinite(x)) return "null";
    BigDecimal d = new BigDecimal(x).setScale(4, RoundingMode.HALF_EVEN);
    return d.signum() == 0 ? "0.0000" : d.toPlainString();
  }

  /** A JSON string literal, or {@code null} for a null string. */
  static String quote(String s) {
    return s == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
