package org.vla4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/ARCHITECTURE.md as a test (ArchUnit, over the compiled main classes; the
 * probes under bench/ are left out): data flows one way, cli → {eval, diagnose, data, report, serve}
 * → runlog → rollout → (policy, sim → mujoco); sim and policy never meet outside rollout; native
 * memory stays in mujoco; no package cycles.
 */
class ArchitectureTest {
  static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("/org/vla4j/bench/"))
        .importPackages("org.vla4j");
  }

  @Test
  void simAndPolicyNeverImportEachOther() {
    check(noClasses().that().resideInAPackage("org.vla4j.sim..").should().dependOnClassesThat().resideInAPackage("org.vla4j.policy.."));
    check(noClasses().that().resideInAPackage("org.vla4j.policy..").should().dependOnClassesThat().resideInAPackage("org.vla4j.sim.."));
  }

  @Test
  void nativeMemoryOnlyInMujoco() {
    check(noClasses().that().resideOutsideOfPackage("org.vla4j.mujoco..").should().dependOnClassesThat()
        .resideInAPackage("java.lang.foreign.."));
  }

  @Test
  void mujocoIsReachedOnlyThroughSim() {
    check(noClasses().that().resideOutsideOfPackages("org.vla4j.mujoco..", "org.vla4j.sim..").should().dependOnClassesThat()
        .resideInAPackage("org.vla4j.mujoco.."));
  }

  @Test
  void dataFlowsOneWay() {
    check(layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("org.vla4j.cli..")
        .layer("apps").definedBy("org.vla4j.eval..", "org.vla4j.diagnose..", "org.vla4j.data..", "org.vla4j.report..",
            "org.vla4j.serve..")
        .layer("runlog").definedBy("org.vla4j.runlog..")
        .layer("rollout").definedBy("org.vla4j.rollout..")
        .layer("policy").definedBy("org.vla4j.policy..")
        .layer("sim").definedBy("org.vla4j.sim..")
        .layer("mujoco").definedBy("org.vla4j.mujoco..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("apps").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("runlog").mayOnlyBeAccessedByLayers("cli", "apps")
        .whereLayer("rollout").mayOnlyBeAccessedByLayers("cli", "apps", "runlog")
        .whereLayer("policy").mayOnlyBeAccessedByLayers("cli", "apps", "rollout")
        .whereLayer("sim").mayOnlyBeAccessedByLayers("cli", "apps", "runlog", "rollout")
        .whereLayer("mujoco").mayOnlyBeAccessedByLayers("sim"));
  }

  @Test
  void evaluationDoesNotReachIntoTheBoxesAboveIt() {
    check(noClasses().that().resideInAPackage("org.vla4j.eval..").should().dependOnClassesThat()
        .resideInAnyPackage("org.vla4j.cli..", "org.vla4j.diagnose..", "org.vla4j.report..", "org.vla4j.data..", "org.vla4j.serve.."));
  }

  @Test
  void noCyclesBetweenPackages() {
    check(slices().matching("org.vla4j.(*)..").should().beFreeOfCycles());
    check(slices().matching("org.vla4j.(**)").should().beFreeOfCycles());
  }

  private static void check(ArchRule rule) {
    rule.check(main);
  }
}
