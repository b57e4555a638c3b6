package org.vla4j.runlog;

import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.StepRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed formats of the JSONL log lines. */
class LogLinesTest {

  @Test
  void fixedFourDecimals() {
    assertThat(LogLines.fixed4(0.0)).isEqualTo("0.0000");
    assertThat(LogLines.fixed4(-0.0)).isEqualTo("0.0000");
    assertThat(LogLines.fixed4(-0.00004)).isEqualTo("0.0000");
    assertThat(LogLines.fixed4(1)).isEqualTo("1.0000");
    assertThat(LogLines.fixed4(-0.123456)).isEqualTo("-0.1235");
    // 0.00015 is 1.49999...e-4 in binary: the exact value rounds down
    assertThat(LogLines.fixed4(0.00015)).isEqualTo("0.0001");
    assertThat(LogLines.fixed4(1e-7)).isEqualTo("0.0000");
    assertThat(LogLines.fixed4(127.5)).isEqualTo("127.5000");
    assertThat(LogLines.fixed4(Double.NaN)).isEqualTo("null");
    assertThat(LogLines.fixed4(Double.POSITIVE_INFINITY)).isEqualTo("null");
  }

  @Test
  void stepLine() {
    StepRecord r = new StepRecord(99, 12, 101.23456, new double[] {0.1, -0.2, 0, 0, 0, 0, -1}, 0, false, "expert");
    assertThat(LogLines.step(3, r)).isEqualTo("{\"episode\":3,\"step\":12,\"img_mean\":101.2346,"
        + "\"action\":[0.1000,-0.2000,0.0000,0.0000,0.0000,0.0000,-1.0000],\"reward\":0.0000,\"done\":false,\"tag\":\"expert\"}");
  }

  @Test
  void episodeLineUsesThePlannedSpecAndEscapes() {
    EpisodeSpec spec = new EpisodeSpec(4, 2, 17, -5L);
    EpisodeResult r = new EpisodeResult(new EpisodeSpec(0, 0, 0, 0), "say \"hi\"", false, 280, -1, null, 1.5, List.of());
    assertThat(LogLines.episode(spec, r)).isEqualTo("{\"episode\":4,\"task_id\":2,\"instruction\":\"say \\\"hi\\\"\","
        + "\"init_state\":17,\"seed\":-5,\"success\":false,\"steps\":280,\"first_gripper_close_step\":-1,\"failure_reason\":null}");
    assertThat(LogLines.timing(4, 1.23456)).isEqualTo("{\"episode\":4,\"wall_s\":1.235}");
  }
}
