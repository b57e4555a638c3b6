package org.vla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vla4j.diagnose.preflight.CheckResult;
import org.vla4j.diagnose.preflight.CheckStatus;
import org.vla4j.diagnose.preflight.Preflight;
import org.vla4j.diagnose.preflight.PreflightFrames;
import org.vla4j.diagnose.preflight.PreflightPolicy;
import org.vla4j.eval.plan.Selections;
import org.vla4j.policy.Policy;
import org.vla4j.policy.remote.RemotePolicies;
import org.vla4j.policy.remote.RemotePolicy;
import org.vla4j.policy.remote.RemotePolicyException;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.rollout.PolicyAgent;
import org.vla4j.runlog.JsonFiles;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j preflight}: renders the first policy frame (and the scripted expert's pre-grasp
 * frame) of a few init states and checks the policy's conventions on them ({@link Preflight}): image
 * orientation, prompt template, unnorm_key, gripper sign, golden observation. One line per check with
 * its numbers and PASS/WARN/FAIL/SKIP. Exit 0 if no check FAILs, 1 if one does (or on an environment
 * error), 2 on bad input. {@code --inject} breaks one pipeline step as the failure drills do, to see the
 * checks catch it.
 */
@Command(name = "preflight", mixinStandardHelpOptions = true,
    description = {"Convention checks before any episode: renders the first frame of each (task, init state) and the scripted"
        + " expert's pre-grasp frame, runs the policy's pipeline on them and prints one line per check (image orientation,"
        + " prompt template, unnorm_key, gripper sign, golden observation) with its numbers and PASS/WARN/FAIL/SKIP.",
        "Exit 0 if no check FAILs, 1 if one does, 2 on bad input."})
public final class PreflightCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--policy", defaultValue = "tiny-vla",
      description = "a shipped model's name, a model folder, or a remote policy URI (default: ${DEFAULT-VALUE})")
  String policy;

  @Option(names = "--suite", defaultValue = "object", description = "task suite (default: ${DEFAULT-VALUE})")
  String suite;

  @Option(names = {"--task", "--tasks"}, defaultValue = "all", paramLabel = "LIST",
      description = "task ids, e.g. 0, 0-4 or all (default: ${DEFAULT-VALUE})")
  String tasks;

  @Option(names = "--init-states", defaultValue = "0,1", paramLabel = "LIST",
      description = "init states rendered for every task, e.g. 0-4 (default: ${DEFAULT-VALUE})")
  String initStates;

  @Option(names = "--inject", defaultValue = "none", paramLabel = "FAULT",
      description = "break one pipeline step as the drills do: none, no_flip, bad_prompt, bad_unnorm (default: ${DEFAULT-VALUE})")
  String inject;

  @Option(names = "--unnorm-key", paramLabel = "KEY", description = "unnormalize with this dataset_statistics.json key (as eval --unnorm-key)")
  String unnormKey;

  @Option(names = "--out", paramLabel = "FILE", description = "also write the report as JSON to FILE")
  Path out;

  @Override
  public Integer call() {
    Suite s = Suites.get(suite);
    List<Integer> taskIds = Selections.tasks(tasks, s);
    List<Integer> states = Selections.initStates(initStates, s);
    Fault fault = Fault.parse(inject);
    if (out != null && out.toString().isEmpty()) throw new IllegalArgumentException("--out is empty; give a file for the JSON report");
    EnvConfig env = EnvConfig.DEFAULT;
    PrintWriter w = spec.commandLine().getOut();
    try (Opened o = open(env, fault)) {
      PreflightFrames frames = PreflightFrames.render(s, taskIds, states, env);
      w.printf("preflight of policy '%s' on suite '%s'%s: %d frames (tasks %s x init states %s), %d expert pre-grasp frames%n", policy,
          s.name(), fault == Fault.NONE ? "" : " with injected fault " + fault.wireName(), frames.start().size(), tasks, initStates,
          frames.close().size());
      List<CheckResult> checks = new Preflight(ControllerConfig.DEFAULT.inputMax()).run(o.subject(), frames);
      CheckStatus worst = CheckStatus.SKIP;
      int fails = 0, warns = 0;
      for (CheckResult c : checks) {
        w.println(c.line());
        if (c.status() == CheckStatus.FAIL) fails++;
        if (c.status() == CheckStatus.WARN) warns++;
      }
      int code = fails > 0 ? 1 : 0;
      w.printf("%s: %d FAIL, %d WARN (exit %d)%n", fails > 0 ? "FAIL" : warns > 0 ? "WARN" : "PASS", fails, warns, code);
      w.flush();
      if (out != null) JsonFiles.write(out, JsonFiles.MAPPER.valueToTree(report(s, taskIds, states, fault, frames, checks, code)));
      return code;
    }
  }

  private Map<String, Object> report(Suite s, List<Integer> taskIds, List<Integer> states, Fault fault, PreflightFrames frames,
      List<CheckResult> checks, int code) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("policy", policy);
    r.put("suite", s.name());
    r.put("tasks", taskIds);
    r.put("init_states", states);
    r.put("inject", fault.wireName());
    r.put("frames", frames.start().size());
    r.put("pre_grasp_frames", frames.close().size());
    List<Map<String, Object>> cs = new java.util.ArrayList<>();
    for (CheckResult c : checks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("check", c.check());
      m.put("status", c.status().name());
      m.put("detail", c.detail());
      m.put("numbers", new java.util.TreeMap<>(c.numbers()));
      m.put("frames", c.frames());
      m.put("frames_failed", c.framesFailed());
      cs.add(m);
    }
    r.put("checks", cs);
    r.put("exit_code", code);
    return r;
  }

  /** The seed of a flow-matching model's noise stream during the check: the same draws on every run, as an episode's. */
  static final long FLOW_NOISE_SEED = 0;

  /** The policy under check and what closes it. */
  private record Opened(PreflightPolicy subject, Policy policy) implements AutoCloseable {
    @Override
    public void close() {
      policy.close();
    }
  }

  private Opened open(EnvConfig env, Fault fault) {
    if (RemotePolicies.isRemote(policy)) {
      RemotePolicy p = RemotePolicies.open(policy, fault, unnormKey);
      try {
        p.connect();
      } catch (RemotePolicyException e) {
        p.close();
        throw new IllegalArgumentException("remote policy '" + policy + "' is not usable: " + e.getMessage());
      }
      return new Opened(new PreflightPolicy.ActionsOnly(p), p);
    }
    if (DefaultRunners.isModelFolder(policy)) {
      Path dir = DefaultRunners.modelDir(policy);
      if (org.vla4j.policy.vla.FlowMatchingHead.declares(dir)) {
        var o = new org.vla4j.policy.vla.OnnxFlowMatchingPolicy.Overrides(fault, unnormKey, DefaultRunners.flowMatchingSteps(policy));
        var p = org.vla4j.policy.vla.OnnxFlowMatchingPolicy.load(dir, PolicyAgent.envSpec(env), o, 1);
        p.startEpisode(FLOW_NOISE_SEED);
        return new Opened(new PreflightPolicy.ContinuousModel(p), p);
      }
      DefaultRunners.refuseOptions(policy);
      if (org.vla4j.policy.vla.VlaPolicies.chunked(dir)) {
        var p = org.vla4j.policy.vla.OnnxChunkPolicy.load(dir, PolicyAgent.envSpec(env), new OnnxVlaPolicy.Overrides(fault, unnormKey), 1);
        return new Opened(new PreflightPolicy.ContinuousModel(p), p);
      }
      OnnxVlaPolicy p = OnnxVlaPolicy.load(dir, PolicyAgent.envSpec(env), new OnnxVlaPolicy.Overrides(fault, unnormKey), 1);
      return new Opened(new PreflightPolicy.Model(p, dir), p);
    }
    if (policy.equals("expert")) {
      throw new IllegalArgumentException("preflight checks a learned policy's conventions; 'expert' has none (it reads the true scene"
          + " state). Valid policies: tiny-vla, a model folder holding config.json, or a remote policy URI");
    }
    DefaultRunners.provider().requireKnown(policy);
    throw new IllegalArgumentException("policy '" + policy + "' cannot be preflighted");
  }
}
