package org.vla4j.policy.steps.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAST's BPE written as a HuggingFace tokenizer.json and read back by the real HuggingFace tokenizers
 * library (DJL's binding of the Rust crate): the library's ids equal vla4j's own BPE, chunk for chunk,
 * and the saved folder loads into an equal tokenizer.
 */
class FastHuggingFaceTokenizerTest {
  @Test
  void huggingFaceTokenizersGiveTheSameIdsAsTheJavaBpe(@TempDir Path dir) throws Exception {
    int k = 8, d = 7;
    FastActionTokenizer fast = FastActionTokenizer.train(FastActionTokenizerTest.smoothChunks(3, 400, k, d), k, d, 10, 512);
    assertThat(fast.vocabSize()).isGreaterThan(100); // merges were learned, so the BPE is exercised
    fast.save(dir);
    List<double[]> held = FastActionTokenizerTest.smoothChunks(4, 200, k, d);
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(dir.resolve(FastActionTokenizer.TOKENIZER_JSON),
        Map.of("addSpecialTokens", "false"))) {
      int merged = 0;
      for (double[] chunk : held) {
        int[] ours = fast.encode(chunk);
        Encoding e = hf.encode(fast.symbolString(chunk));
        int[] theirs = Arrays.stream(e.getIds()).mapToInt(Math::toIntExact).toArray();
        assertThat(theirs).containsExactly(ours);
        if (ours.length < k * d) merged++;
        // and back: the library's decoding of the ids is the coefficient string again
        long[] ids = Arrays.stream(ours).mapToLong(i -> i).toArray();
        StringBuilder spelled = new StringBuilder();
        for (long id : ids) spelled.append(fast.symbolString((int) id));
        assertThat(spelled.toString()).isEqualTo(fast.symbolString(chunk));
      }
      assertThat(merged).isEqualTo(held.size());
    }
    FastActionTokenizer back = FastActionTokenizer.load(dir);
    assertThat(back.vocabSize()).isEqualTo(fast.vocabSize());
    for (double[] chunk : held) {
      assertThat(back.encode(chunk)).containsExactly(fast.encode(chunk));
      assertThat(back.decode(fast.encode(chunk))).containsExactly(fast.decode(fast.encode(chunk)));
    }
  }

  @Test
  void aTokenizerFileOfAnotherModelTypeIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    FastActionTokenizer.train(FastActionTokenizerTest.smoothChunks(3, 50, 4, 7), 4, 7, 10, 64).save(dir);
    Path tok = dir.resolve(FastActionTokenizer.TOKENIZER_JSON);
    Files.writeString(tok, Files.readString(tok).replace("\"BPE\"", "\"WordPiece\""));
    assertThatThrownBy(() -> FastActionTokenizer.load(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tok.toString()).hasMessageContaining("WordPiece");
  }
}
