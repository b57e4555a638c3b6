package org.vla4j.sim.suite;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.TabletopEnv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The stored evaluation init states: loadable, regenerable bit-exactly, disjoint from training states. */
class InitStatesTest {
  static final Suite SUITE = Suites.get("object");

  @Test
  void everyTaskHasFiftyStatesOfTheSceneSize() {
    for (Task t : SUITE.tasks()) {
      InitStates.InitStateList states = InitStates.load(SUITE, t.id());
      assertThat(states.size()).isEqualTo(50);
      try (TaskScene scene = TaskScene.build(SUITE, t.id()); org.vla4j.mujoco.MjData d = new org.vla4j.mujoco.MjData(scene.model())) {
        assertThat(states.get(0)).hasSize(d.stateSize(org.vla4j.mujoco.MjState.FULL_PHYSICS));
      }
    }
  }

  @Test
  void storedStatesRegenerateBitExactlyFromTheGeneratorSeed() {
    int[][] samples = {{0, 0}, {0, 1}, {4, 17}, {9, 49}};
    for (int[] s : samples) {
      try (TaskScene scene = TaskScene.build(SUITE, s[0])) {
        double[] regenerated = InitStateGenerator.generate(scene, InitStateGenerator.Stream.EVAL, InitStateGenerator.SUITE_SEED, s[1]);
        assertThat(regenerated).as("task %d init state %d", s[0], s[1]).containsExactly(InitStates.load(SUITE, s[0]).get(s[1]));
      }
    }
  }

  @Test
  void trainingStreamNeverProducesAnEvaluationLayout() {
    try (TaskScene scene = TaskScene.build(SUITE, 3)) {
      InitStates.InitStateList eval = InitStates.load(SUITE, 3);
      int adr = 1 + scene.objectQpos(0); // state[0] is time, then qpos
      for (int i = 0; i < 20; i++) {
        double[] train = InitStateGenerator.generate(scene, InitStateGenerator.Stream.TRAIN, InitStateGenerator.SUITE_SEED, i);
        for (int e = 0; e < eval.size(); e++) {
          double[] ev = eval.get(e);
          double dist = Math.hypot(train[adr] - ev[adr], train[adr + 1] - ev[adr + 1]);
          assertThat(dist).as("train %d vs eval %d target placement", i, e).isGreaterThan(1e-6);
        }
      }
    }
  }

  @Test
  void outOfRangeIndexNamesTheValidRange() {
    assertThatThrownBy(() -> InitStates.load(SUITE, 0).get(50)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..49");
    assertThatThrownBy(() -> InitStates.load(SUITE, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..9");
  }

  @Test
  void initStatesRestObjectsUprightOnTheTable() {
    try (TaskScene scene = TaskScene.build(SUITE, 7); TabletopEnv env = new TabletopEnv(SUITE, new EnvConfig(64, org.vla4j.sim.env.RenderSettings.FAST, false, false))) {
      for (int i = 0; i < 50; i += 7) {
        env.reset(7, i);
        double[] mat = new double[9], pos = new double[3];
        for (int o = 0; o < scene.objects().size(); o++) {
          env.data().bodyMat(env.scene().objectBody(o), mat);
          env.data().bodyPos(env.scene().objectBody(o), pos);
          assertThat(mat[8]).isGreaterThan(Math.cos(Math.toRadians(8)));
          assertThat(pos[2]).isCloseTo(PandaScene.TABLE_TOP_Z, org.assertj.core.data.Offset.offset(0.01));
        }
      }
    }
  }
}
