package org.vla4j.sim.libero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LIBERO's benchmark task order against the reference runs' task infos (made by LIBERO's {@code get_benchmark(suite)().get_task(i)}). */
class LiberoTasksTest {

  @Test
  void orderIsLiberosForEverySuite() {
    LiberoPaths paths = SharedLibero.paths();
    for (String suite : SharedLibero.SUITES) {
      List<String> names = LiberoTasks.tasks(suite);
      assertThat(names).hasSize(10);
      for (int i = 0; i < names.size(); i++) {
        var info = SharedLibero.info(suite, i);
        assertThat(names.get(i)).as(suite + " task " + i).isEqualTo(info.get("name").asText());
        assertThat(LiberoTasks.bddlFile(paths, suite, names.get(i)).getFileName().toString()).isEqualTo(info.get("bddl_file").asText());
        assertThat(LiberoTasks.initFile(paths, suite, names.get(i)).getFileName().toString()).isEqualTo(info.get("init_states_file").asText());
        assertThat(Files.isRegularFile(LiberoTasks.initFile(paths, suite, names.get(i)))).isTrue();
      }
    }
  }

  @Test
  void taskByIndexOrNameAndErrors() {
    assertThat(LiberoTasks.task("libero_object", "7")).isEqualTo("pick_up_the_milk_and_place_it_in_the_basket");
    assertThat(LiberoTasks.task("libero_object", "pick_up_the_milk_and_place_it_in_the_basket.bddl")).isEqualTo("pick_up_the_milk_and_place_it_in_the_basket");
    assertThatThrownBy(() -> LiberoTasks.task("libero_object", "10")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..9");
    assertThatThrownBy(() -> LiberoTasks.task("libero_object", "pick_up_the_soup")).hasMessageContaining("pick_up_the_soup")
        .hasMessageContaining("pick_up_the_alphabet_soup_and_place_it_in_the_basket");
    assertThatThrownBy(() -> LiberoTasks.tasks("libero_90")).hasMessageContaining("libero_90").hasMessageContaining("libero_object");
  }
}
