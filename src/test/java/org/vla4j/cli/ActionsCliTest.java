package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.policy.Fixtures;
import picocli.CommandLine;

/**
 * {@code vla4j actions …} and {@code vla4j stats compute} end to end through picocli, with expected
 * values from the numpy-generated fixtures ({@code gen_action_fixtures.py}).
 */
class ActionsCliTest {

  @TempDir Path dir;

  record Result(int code, String out, String err) {
    List<JsonNode> lines() throws Exception {
      List<JsonNode> l = new ArrayList<>();
      for (String s : out.strip().split("\n")) {
        l.add(new ObjectMapper().readTree(s));
      }
      return l;
    }
  }

  Result run(String stdin, String... args) throws Exception {
    Path in = Files.createTempFile(dir, "in", ".jsonl");
    Files.writeString(in, stdin);
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--input";
    all[args.length + 1] = in.toString();
    CliRun.Result r = CliRun.run(all);
    return new Result(r.code(), r.out(), r.err());
  }

  @Test
  void encodeUniformSeedVector() throws Exception {
    Result r = run("[0.1, -0.05, 0.3, 0, 0, 0, 1]\n", "actions", "encode", "--scheme", "uniform", "--bins", "256",
        "--low", "[-.5,-.5,-.5,-3.14,-3.14,-3.14,0]", "--high", "[.5,.5,.5,3.14,3.14,3.14,1]");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("[153,115,204,128,128,128,255]");
  }

  @Test
  void openVlaEncodeAndDecodeMatchNumpyThroughTheCli() throws Exception {
    JsonNode fix = Fixtures.load("tokenizer_fixtures.json").get("openvla");
    Result enc = run(fix.get("encode_inputs").toString() + "\n", "actions", "encode", "--scheme", "openvla", "--vocab-size", "32000");
    assertThat(enc.code()).isZero();
    assertThat(Fixtures.ints(enc.lines().get(0))).containsExactly(Fixtures.ints(fix.get("encode_ids")));
    Result dec = run(fix.get("decode_ids").toString() + "\n", "actions", "decode", "--scheme", "openvla", "--vocab-size", "32000");
    assertThat(dec.code()).isZero();
    assertThat(Fixtures.doubles(dec.lines().get(0))).containsExactly(Fixtures.doubles(fix.get("decode_values")));
    assertThat(dec.err()).contains("fell outside the action range [31744, 31999]");
  }

  @Test
  void badInputExitsTwoWithAMessage() throws Exception {
    Result nonNumeric = run("[0, \"a\"]\n", "actions", "encode");
    assertThat(nonNumeric.code()).isEqualTo(2);
    assertThat(nonNumeric.err()).contains("line 1").contains("not a number");
    Result nan = run("[0, NaN]\n", "actions", "encode");
    assertThat(nan.code()).isEqualTo(2);
    assertThat(nan.err()).contains("NaN");
    Result wrongDim = run("[0.1, 0.2]\n", "actions", "encode", "--scheme", "uniform", "--low", "[0,0,0]", "--high", "[1,1,1]");
    assertThat(wrongDim.code()).isEqualTo(2);
    assertThat(wrongDim.err()).contains("3-dimensional");
    Result scheme = run("[0]\n", "actions", "encode", "--scheme", "fast");
    assertThat(scheme.code()).isEqualTo(2);
    assertThat(scheme.err()).contains("'fast'").contains("openvla").contains("uniform");
    Result fractionalId = run("[31872.5]\n", "actions", "decode");
    assertThat(fractionalId.code()).isEqualTo(2);
  }

  @Test
  void statsComputeThenUnnormalizeAndNormalize() throws Exception {
    Path traj = dir.resolve("t.jsonl");
    try (var in = Fixtures.class.getResourceAsStream("fixtures/trajectories.jsonl")) {
      Files.copy(in, traj);
    }
    Path stats = dir.resolve("dataset_statistics.json");
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(new StringWriter()));
    int code = cl.execute("stats", "compute", "--input", traj.toString(), "--key", "demo_ds", "--output",
        stats.toString(), "--mask", "[true,true,true,true,true,true,false]");
    assertThat(code).isZero();

    JsonNode fix = Fixtures.load("stats_fixtures.json");
    JsonNode un = fix.get("unnormalize");
    StringBuilder lines = new StringBuilder();
    for (JsonNode row : un.get("inputs")) {
      lines.append(row).append('\n');
    }
    Result r = run(lines.toString(), "actions", "unnormalize", "--stats", stats.toString(), "--unnorm-key", "demo_ds");
    assertThat(r.code()).isZero();
    List<JsonNode> got = r.lines();
    for (int i = 0; i < got.size(); i++) {
      // q01/q99 are bit-exact with numpy, so unnormalize is too
      assertThat(Fixtures.doubles(got.get(i))).containsExactly(Fixtures.doubles(un.get("outputs").get(i)));
    }
    Result n = run("[0,0,0,0,0,0,1]\n", "actions", "normalize", "--stats", stats.toString());
    assertThat(n.code()).isZero();
    assertThat(Fixtures.doubles(n.lines().get(0))[5]).isEqualTo(0.0);

    Result badKey = run("[0,0,0,0,0,0,1]\n", "actions", "unnormalize", "--stats", stats.toString(), "--unnorm-key", "bridge_orig");
    assertThat(badKey.code()).isEqualTo(2);
    assertThat(badKey.err()).contains("'bridge_orig'").contains("demo_ds");
  }
}
