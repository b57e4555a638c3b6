package org.vla4j.mujoco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MjModelTest {
  static final String PENDULUM = """
      <mujoco>
        <compiler angle="radian"/>
        <option timestep="0.002"/>
        <worldbody>
          <body name="pole" pos="0 0 1">
            <joint name="hinge" type="hinge" axis="0 1 0" range="-3 3"/>
            <geom name="rod" type="capsule" fromto="0 0 0 0.3 0 -0.5" size="0.02" mass="1"/>
            <site name="tip" pos="0.3 0 -0.5"/>
          </body>
          <body name="ball" pos="0.5 0 0.5"><freejoint/><geom type="sphere" size="0.05"/></body>
        </worldbody>
        <actuator><motor name="m" joint="hinge" ctrlrange="-2 2" ctrllimited="true"/></actuator>
        <keyframe><key name="tilted" qpos="0.4 0.5 0 0.5 1 0 0 0"/></keyframe>
      </mujoco>
      """;

  @Test
  void compilesAndReportsSizes() {
    try (MjModel m = MjModel.fromXml(PENDULUM)) {
      assertThat(m.nq()).isEqualTo(8);
      assertThat(m.nv()).isEqualTo(7);
      assertThat(m.nu()).isEqualTo(1);
      assertThat(m.timestep()).isEqualTo(0.002);
      assertThat(m.id(MjObj.SITE, "tip")).isZero();
      assertThat(m.jointRange(m.id(MjObj.JOINT, "hinge"))).containsExactly(-3, 3);
      assertThat(m.actuatorCtrlRange(0)).containsExactly(-2, 2);
      assertThat(m.keyQpos(0)[0]).isEqualTo(0.4);
    }
  }

  @Test
  void badXmlCarriesTheCompilerErrorText() {
    assertThatThrownBy(() -> MjModel.fromXml("<mujoco><worldbody><geom type='nonsense'/></worldbody></mujoco>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonsense");
  }

  @Test
  void unknownNameListsValidNames() {
    try (MjModel m = MjModel.fromXml(PENDULUM)) {
      assertThatThrownBy(() -> m.id(MjObj.BODY, "polle"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("polle")
          .hasMessageContaining("pole")
          .hasMessageContaining("ball");
    }
  }

  @Test
  void gravityPullsThePendulumAndTheSiteFollows() {
    try (MjModel m = MjModel.fromXml(PENDULUM); MjData d = new MjData(m)) {
      d.resetToKeyframe("tilted");
      d.forward();
      double[] before = new double[3];
      d.sitePos(m.id(MjObj.SITE, "tip"), before);
      for (int i = 0; i < 100; i++) d.step();
      double[] after = new double[3];
      d.sitePos(m.id(MjObj.SITE, "tip"), after);
      assertThat(d.time()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(after).isNotEqualTo(before);
      assertThat(d.qpos(3)).as("free ball falls").isLessThan(0.5);
    }
  }

  @Test
  void jacobianMapsJointVelocityToSiteVelocity() {
    try (MjModel m = MjModel.fromXml(PENDULUM); MjData d = new MjData(m)) {
      d.resetToKeyframe("tilted");
      d.forward();
      int site = m.id(MjObj.SITE, "tip");
      double[] jacp = new double[3 * m.nv()];
      d.jacSite(site, jacp, null);
      double[] p0 = new double[3];
      d.sitePos(site, p0);
      double h = 1e-6;
      d.setQpos(0, d.qpos(0) + h);
      d.forward();
      double[] p1 = new double[3];
      d.sitePos(site, p1);
      for (int r = 0; r < 3; r++) {
        assertThat((p1[r] - p0[r]) / h).isCloseTo(jacp[r * m.nv()], org.assertj.core.data.Offset.offset(1e-5));
      }
      double[] mass = new double[m.nv() * m.nv()];
      d.fullMassMatrix(mass);
      assertThat(mass[0]).as("rod inertia about the hinge").isPositive();
      assertThat(mass[1]).as("hinge and free ball are decoupled").isZero();
    }
  }

  @Test
  void fullPhysicsStateRestoresABitExactTrajectory() {
    try (MjModel m = MjModel.fromXml(PENDULUM); MjData d = new MjData(m)) {
      d.resetToKeyframe("tilted");
      for (int i = 0; i < 50; i++) d.step();
      double[] saved = d.getState(MjState.FULL_PHYSICS);
      assertThat(saved).hasSize(d.stateSize(MjState.FULL_PHYSICS));
      for (int i = 0; i < 200; i++) {
        d.setCtrl(0, Math.sin(i * 0.1));
        d.step();
      }
      double[] first = d.qpos();
      d.setState(MjState.FULL_PHYSICS, saved);
      for (int i = 0; i < 200; i++) {
        d.setCtrl(0, Math.sin(i * 0.1));
        d.step();
      }
      assertThat(d.qpos()).containsExactly(first);
    }
  }
}
