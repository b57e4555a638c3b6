package org.vla4j.sim.libero.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;

class PrunedInitFileTest {

  private static List<double[]> official(String suite, int task) {
    LiberoPaths paths = SharedLibero.paths();
    JsonNode info = SharedLibero.info(suite, task);
    return PrunedInitFile.read(paths.initFilesDir(suite).resolve(info.get("init_states_file").asText()));
  }

  private static void assertBitExact(List<double[]> states, JsonNode rows, int count) {
    for (int i = 0; i < count; i++) {
      JsonNode row = rows.get(i);
      assertThat(states.get(i)).as("init state " + i).hasSize(row.size());
      for (int j = 0; j < row.size(); j++) {
        assertThat(Double.doubleToRawLongBits(states.get(i)[j])).as("state " + i + " element " + j)
            .isEqualTo(Double.doubleToRawLongBits(row.get(j).doubleValue()));
      }
    }
  }

  /** libero_object: all 50 states of all 10 tasks equal the reference's JSON bit for bit. */
  @ParameterizedTest(name = "libero_object task {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void liberoObjectMatchesTheReferenceExactly(int task) {
    List<double[]> states = official("libero_object", task);
    JsonNode ref = SharedLibero.json(SharedLibero.reference("libero_object").resolve("init_states/task_" + task + ".json"));
    assertThat(states).hasSize(ref.get("shape").get(0).asInt());
    assertThat(states.getFirst()).hasSize(ref.get("shape").get(1).asInt());
    assertThat(states.getFirst().length).isEqualTo(1 + ref.get("nq").asInt() + ref.get("nv").asInt());
    assertBitExact(states, ref.get("all"), states.size());
  }

  /** The other suites: shape and the first three states of a few tasks. */
  @ParameterizedTest(name = "{0} task {1}")
  @CsvSource({"libero_spatial,0", "libero_spatial,4", "libero_goal,3", "libero_goal,9", "libero_10,0", "libero_10,5", "libero_10,9"})
  void otherSuitesSpotCheck(String suite, int task) {
    List<double[]> states = official(suite, task);
    JsonNode ref = SharedLibero.json(SharedLibero.reference(suite).resolve("init_states/task_" + task + ".json"));
    assertThat(states).hasSize(ref.get("shape").get(0).asInt());
    assertThat(states.getFirst()).hasSize(ref.get("shape").get(1).asInt());
    JsonNode rows = ref.has("all") ? ref.get("all") : ref.get("first3");
    assertBitExact(states, rows, ref.has("all") ? states.size() : 3);
  }

  @Test
  void rejectsFilesThatAreNotTorchArchives(@TempDir Path tmp) throws Exception {
    Path notZip = Files.writeString(tmp.resolve("a.pruned_init"), "hello");
    assertThatThrownBy(() -> PrunedInitFile.read(notZip)).hasMessageContaining("a.pruned_init");
    Path noPkl = tmp.resolve("b.pruned_init");
    try (OutputStream o = Files.newOutputStream(noPkl); ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("archive/version"));
      z.write("3\n".getBytes());
      z.closeEntry();
    }
    assertThatThrownBy(() -> PrunedInitFile.read(noPkl)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no data.pkl");
  }

  /**
   * A torch tensor instead of a numpy array: a protocol-2 pickle of
   * {@code torch._utils._rebuild_tensor_v2(('storage', torch.DoubleStorage, '0', 'cpu', 6), 0, (2, 3), (3, 1), False, {})}
   * with the storage bytes in {@code archive/data/0}, written here opcode by opcode.
   */
  @Test
  void readsATorchTensorArchive(@TempDir Path tmp) throws Exception {
    var pkl = new java.io.ByteArrayOutputStream();
    pkl.write(new byte[] {(byte) 0x80, 2});
    pkl.write("ctorch._utils\n_rebuild_tensor_v2\n".getBytes());
    pkl.write('(');
    pkl.write('(');
    shortUnicode(pkl, "storage");
    pkl.write("ctorch\nDoubleStorage\n".getBytes());
    shortUnicode(pkl, "0");
    shortUnicode(pkl, "cpu");
    pkl.write(new byte[] {'K', 6});
    pkl.write('t');
    pkl.write('Q'); // BINPERSID
    pkl.write(new byte[] {'K', 0});
    pkl.write(new byte[] {'K', 2, 'K', 3, (byte) 0x86}); // TUPLE2
    pkl.write(new byte[] {'K', 3, 'K', 1, (byte) 0x86});
    pkl.write(0x89); // NEWFALSE
    pkl.write('}');
    pkl.write('t');
    pkl.write('R');
    pkl.write('.');
    var data = java.nio.ByteBuffer.allocate(48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) data.putDouble(i * 0.5 - 1);
    Path f = tmp.resolve("t.pruned_init");
    try (OutputStream o = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("archive/data.pkl"));
      z.write(pkl.toByteArray());
      z.closeEntry();
      z.putNextEntry(new ZipEntry("archive/data/0"));
      z.write(data.array());
      z.closeEntry();
    }
    List<double[]> rows = PrunedInitFile.read(f);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsExactly(-1, -0.5, 0);
    assertThat(rows.get(1)).containsExactly(0.5, 1, 1.5);
  }

  private static void shortUnicode(java.io.ByteArrayOutputStream out, String s) throws java.io.IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.write('X');
    out.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    out.write(b);
  }
}
