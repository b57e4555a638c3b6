package org.vla4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.Evaluation;
import org.vla4j.eval.run.FakeRunners;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunLogs;

/** report.html on a run written with the deterministic fake runners (no simulator). */
class HtmlReportTest {
  static Path fakeRun(Path dir) {
    new Evaluation(FakeRunners.plain()).run(new EvalRequest("object", "expert", "0,3,9", 4, "0-3", 7, dir, false, 2, List.of()),
        EvalListener.NONE);
    return dir;
  }

  @Test
  void everyAssetIsInlinedAndDecodesAndThePlotsAreWrittenAsPngAndSvg(@TempDir Path tmp) throws Exception {
    Path dir = fakeRun(tmp.resolve("run"));
    Files.write(dir.resolve("monitor.jsonl"), List.of(
        "{\"episode\":2,\"step\":14,\"monitor\":\"gripper_chatter\",\"evidence\":\"9 flips <fast>\",\"stopped\":true}"));
    BufferedImage f = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
    GifWriter.write(List.of(f, f), 100, dir.resolve("videos/episode_00001_success.gif"));

    Path out = HtmlReport.write(dir, -1);
    String html = Files.readString(out);
    // no src/href points outside the page: everything is a data: URI
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    List<String> uris = new ArrayList<>();
    while (refs.find()) uris.add(refs.group(1));
    assertThat(uris).hasSize(3 + 1).allMatch(u -> u.startsWith("data:image/"));
    for (String u : uris) {
      byte[] bytes = Base64.getDecoder().decode(u.substring(u.indexOf(',') + 1));
      assertThat(ImageIO.read(new java.io.ByteArrayInputStream(bytes))).as(u.substring(0, 30)).isNotNull();
    }
    assertThat(uris.stream().filter(u -> u.startsWith("data:image/gif"))).hasSize(1);
    // summary table, monitor events (escaped), per-episode rows
    List<LoggedEpisode> eps = RunLogs.episodes(dir);
    long ok = eps.stream().filter(LoggedEpisode::success).count();
    assertThat(html).contains("<td>all</td><td class=\"l\">overall</td><td>12</td><td>" + ok + "</td>");
    assertThat(html).contains("gripper_chatter").contains("9 flips &lt;fast&gt;").doesNotContain("<fast>");
    assertThat(html).contains("episode_00001_success.gif");
    for (LoggedEpisode e : eps) assertThat(html).contains("<tr><td>" + e.episode() + "</td><td>" + e.taskId() + "</td>");
    int firstFailure = eps.stream().filter(e -> !e.success()).findFirst().orElseThrow().episode();
    assertThat(html).contains("Actions of episode " + firstFailure + " (failure)");
    for (String name : List.of("per_task_success", "first_close_histogram", "actions_episode_" + firstFailure)) {
      assertThat(ImageIO.read(dir.resolve("plots/" + name + ".png").toFile())).isNotNull();
      assertThat(Files.readString(dir.resolve("plots/" + name + ".svg"), StandardCharsets.UTF_8)).contains("<svg");
    }
  }

  @Test
  void videoSelectionTakesTheFirstKOfEachOutcomeByIndex() {
    List<LoggedEpisode> eps = new ArrayList<>();
    boolean[] outcomes = {false, true, true, false, true, false, false};
    for (int i = 0; i < outcomes.length; i++) eps.add(new LoggedEpisode(i, 0, "x", 0, i, outcomes[i], 5, 1, outcomes[i] ? null : "timeout"));
    assertThat(Videos.select(eps, 2)).extracting(LoggedEpisode::episode).containsExactly(0, 1, 2, 3);
    assertThat(Videos.select(eps, 0)).isEmpty();
    assertThat(Videos.fileName(eps.get(3))).isEqualTo("episode_00003_failure.gif");
  }

  @Test
  void aFolderThatIsNotARunIsRefused(@TempDir Path tmp) {
    assertThatThrownBy(() -> HtmlReport.write(tmp, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a run folder");
  }
}
