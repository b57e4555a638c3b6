package org.vla4j.sim.libero.bddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;

class BddlParserTest {

  static Stream<Arguments> tasks() {
    List<Arguments> out = new ArrayList<>();
    for (String suite : SharedLibero.SUITES) for (int i = 0; i < 10; i++) out.add(Arguments.of(suite, i));
    return out.stream();
  }

  /** Every task of the four suites parses to what the real LIBERO read from the same file (the reference's info). */
  @ParameterizedTest(name = "{0} task {1}")
  @MethodSource("tasks")
  void parsesAsLiberoDid(String suite, int task) {
    LiberoPaths paths = SharedLibero.paths();
    JsonNode info = SharedLibero.info(suite, task);
    BddlProblem p = BddlParser.parse(paths.bddlDir(suite).resolve(info.get("bddl_file").asText()));

    assertThat(p.problemName()).isEqualTo(info.get("problem_name").asText());
    assertThat(p.language()).isEqualTo(info.get("language_instruction").asText());
    assertThat(p.domain()).isEqualTo("robosuite");
    List<List<String>> goal = p.goal().stream().map(g -> Stream.concat(Stream.of(g.name()), g.args().stream()).toList()).toList();
    List<List<String>> refGoal = new ArrayList<>();
    info.get("goal_state").forEach(g -> refGoal.add(Stream.of(g).flatMap(x -> { List<String> l = new ArrayList<>(); x.forEach(y -> l.add(y.asText())); return l.stream(); }).toList()));
    assertThat(goal).isEqualTo(refGoal);
    List<String> interest = new ArrayList<>();
    info.get("obj_of_interest").forEach(x -> interest.add(x.asText()));
    assertThat(p.objOfInterest()).isEqualTo(interest);
    // the objects, in declared order, are the reference's object root bodies in order
    List<String> refObjects = new ArrayList<>();
    info.get("object_root_bodies").fieldNames().forEachRemaining(refObjects::add);
    assertThat(p.objects().stream().map(BddlInstance::name).toList()).isEqualTo(refObjects);
    // every region with a rectangle becomes a site of that key in the compiled scene (table/floor zones)
    List<String> sites = new ArrayList<>();
    info.get("site_names").forEach(x -> sites.add(x.asText()));
    for (BddlRegion r : p.regions()) {
      if (!r.ranges().isEmpty()) assertThat(sites).as(r.key()).contains(r.key());
    }
    // every init and goal argument names a declared instance or region key
    List<String> names = new ArrayList<>();
    p.objects().forEach(o -> names.add(o.name()));
    p.fixtures().forEach(o -> names.add(o.name()));
    p.regions().forEach(r -> names.add(r.key()));
    if (suite.equals("libero_goal")) {
      assertThat(p.undeclaredTargets()).containsExactlyInAnyOrder("bowl_drainer_1_left_region", "bowl_drainer_1_right_region");
    } else {
      assertThat(p.undeclaredTargets()).isEmpty();
    }
    Stream.concat(p.init().stream(), p.goal().stream()).forEach(pr -> assertThat(names).as(pr.toString()).containsAll(pr.args()));
  }

  @Test
  void readsRegionsOfTheFloorProblem() {
    LiberoPaths paths = SharedLibero.paths();
    BddlProblem p = BddlParser.parse(paths.bddlDir("libero_object").resolve("pick_up_the_alphabet_soup_and_place_it_in_the_basket.bddl"));
    BddlRegion bin = p.region("floor_bin_region").orElseThrow();
    assertThat(bin.target()).isEqualTo("floor");
    assertThat(bin.ranges()).containsExactly(new BddlRegion.Range(-0.01, 0.25, 0.01, 0.27));
    assertThat(bin.yawRotation()).containsExactly(0, 0);
    assertThat(bin.rgba()).containsExactly(0, 0, 1, 0);
    assertThat(p.region("basket_1_contain_region").orElseThrow().ranges()).isEmpty();
    assertThat(p.fixtures()).containsExactly(new BddlInstance("floor", "floor"));
    assertThat(p.init()).hasSize(7);
    assertThat(p.init().getFirst().name()).isEqualTo("on");
    assertThat(p.goalOperator()).isEqualTo("and");
  }

  @Test
  void readsYawRotationAsTheLastInterval() throws Exception {
    LiberoPaths paths = SharedLibero.paths();
    try (var files = Files.list(paths.bddlDir("libero_10"))) {
      BddlProblem p = BddlParser.parse(files.filter(f -> f.getFileName().toString().startsWith("KITCHEN_SCENE3")).findFirst().orElseThrow());
      assertThat(p.region("kitchen_table_flat_stove_init_region").orElseThrow().yawRotation()).containsExactly(0.0, 0.0);
      assertThat(p.goal()).extracting(BddlPredicate::name).containsExactly("turnon", "on");
    }
  }

  private static final String GOOD = """
      (define (problem LIBERO_Floor_Manipulation)
        (:domain robosuite)
        (:language Pick it)
        (:regions (r (:target floor) (:ranges ((0 0 1 1)))))
        (:fixtures floor - floor)
        (:objects a_1 b_1 - thing)
        (:obj_of_interest a_1)
        (:init (On a_1 floor_r))
        (:goal (And (In a_1 b_1)))
      )
      """;

  @Test
  void parsesMinimalText() {
    BddlProblem p = BddlParser.parse(Path.of("mini.bddl"), GOOD);
    assertThat(p.objects()).containsExactly(new BddlInstance("a_1", "thing"), new BddlInstance("b_1", "thing"));
    assertThat(p.language()).isEqualTo("pick it");
  }

  @Test
  void errorsNameFileLineAndToken() {
    Path f = Path.of("bad.bddl");
    assertThatThrownBy(() -> BddlParser.parse(f, GOOD.replace("(0 0 1 1)", "(0 0 x 1)")))
        .isInstanceOf(BddlException.class).hasMessageStartingWith("bad.bddl:4:").hasMessageContaining("'x'").hasMessageContaining("not a number");
    assertThatThrownBy(() -> BddlParser.parse(f, GOOD.replace("(:obj_of_interest a_1)", "(:obj_of_interest a_1)\n  (:colours red)")))
        .isInstanceOf(BddlException.class).hasMessageStartingWith("bad.bddl:8:").hasMessageContaining(":colours").hasMessageContaining(":objects");
    assertThat(BddlParser.parse(f, GOOD.replace("(:target floor)", "(:target flor)")).undeclaredTargets()).containsExactly("flor_r");
    assertThatThrownBy(() -> BddlParser.parse(f, GOOD.substring(0, GOOD.lastIndexOf(')'))))
        .hasMessageStartingWith("bad.bddl:1:1").hasMessageContaining("never closed");
    assertThatThrownBy(() -> BddlParser.parse(f, GOOD.replace("(0 0 1 1)", "(0 0 1)")))
        .hasMessageContaining("needs 4 numbers, found 3");
    assertThatThrownBy(() -> BddlParser.parse(f, GOOD.replace("a_1 b_1 - thing", "a_1 - thing b_1 - thing")))
        .hasMessageStartingWith("bad.bddl:6:").hasMessageContaining("two groups");
    assertThatThrownBy(() -> BddlParser.parse(f, GOOD.replace("(:goal (And (In a_1 b_1)))", "")))
        .hasMessageContaining("missing section :goal");
  }
}
