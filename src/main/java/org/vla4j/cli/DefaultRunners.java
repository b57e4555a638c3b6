package org.vla4j.cli;

import java.util.List;
import org.vla4j.eval.run.RunOptions;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.policy.remote.RemotePolicies;
import org.vla4j.policy.remote.RemotePolicy;
import org.vla4j.policy.remote.RemotePolicyException;
import org.vla4j.policy.steps.Fault;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.ExpertAgent;
import org.vla4j.rollout.ExpertChunkAgent;
import org.vla4j.rollout.PolicyAgent;
import org.vla4j.rollout.SimEpisodeRunner;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.Suite;

/**
 * The one place the CLI gets its episode runners from: maps policy names to the simulator's runner
 * factories. Commands take it as their default and tests inject their own {@link RunnerProvider}.
 * Every policy runs in {@link SimEpisodeRunner} with both cameras rendered at 128×128, except the scripted
 * expert on a LIBERO suite, which renders none.
 *
 * <p>A remote policy ({@code openvla-rest://…}, {@code openpi-ws://…}, {@code vla-eval-ws://…}, see
 * {@link RemotePolicies}) runs as a {@link org.vla4j.rollout.PolicyAgent} around one client per
 * worker; the server is contacted once before any episode (a server that is down fails the command
 * with one line), and toggles the server side owns are refused ({@link RemotePolicies#open(String,
 * Fault, String)}).
 */
public final class DefaultRunners {
  /** Policies the CLI knows by name, best shipped first; {@code demo} evaluates the first. A model folder path also works. */
  public static final List<String> POLICIES = List.of("tiny-vla", "expert", ExpertChunkAgent.NAME);

  /**
   * The shipped model folders, by policy name (under the installation's {@code models/}); {@code
   * tiny-vla-fm} and {@code tiny-vla-oft} answer action chunks (tiny-vla-oft: OpenVLA-OFT's 8-action
   * chunks, arXiv:2502.19645, run open loop over the whole chunk by default); {@code tiny-vla-libero} is the
   * OFT-style model for the real LIBERO-Object (suite {@code libero_object}, trained on llvmpipe renders).
   */
  static final List<String> SHIPPED_MODELS = List.of("tiny-vla", "tiny-vla-fm", "tiny-vla-oft", "tiny-vla-libero");

  /** The shipped model for the real LIBERO-Object, and its suite. */
  static final String LIBERO_MODEL = "tiny-vla-libero", LIBERO_MODEL_SUITE = "libero_object";

  /** The option a flow-matching model folder's policy takes after {@code ?}: {@code tiny-vla-fm?steps=5}. */
  static final String STEPS_OPTION = "steps";

  /**
   * A model policy's name or path without its options ({@code tiny-vla-fm?steps=5} → {@code
   * tiny-vla-fm}); a remote policy's URI unchanged.
   */
  static String modelName(String policy) {
    int q = policy.indexOf('?');
    return q < 0 || RemotePolicies.isRemote(policy) ? policy : policy.substring(0, q);
  }

  /**
   * The flow-matching overrides a model policy spells ({@code NAME?steps=N}: N Euler steps instead of
   * the config's head.num_steps), with the run's toggle and unnorm_key.
   *
   * @throws IllegalArgumentException for an option other than steps=N (N ≥ 1), or options on a model
   *     that is not a flow-matching one
   */
  static org.vla4j.policy.vla.OnnxFlowMatchingPolicy.Overrides flowMatchingOverrides(String policy, RunOptions options) {
    return new org.vla4j.policy.vla.OnnxFlowMatchingPolicy.Overrides(options.toggle(), options.unnormKey(), flowMatchingSteps(policy));
  }

  /**
   * Refuses {@code ?} options on a model folder that is not a flow-matching one (they set Euler steps only).
   *
   * @throws IllegalArgumentException naming the policy if it carries options
   */
  static void refuseOptions(String policy) {
    if (!modelName(policy).equals(policy)) {
      throw new IllegalArgumentException("--policy " + policy + ": options after '?' need a flow-matching model (config.json 'head');"
          + " " + modelName(policy) + " has none");
    }
  }

  /**
   * The Euler steps a model policy spells ({@code NAME?steps=N}), or 0 for the config's head.num_steps.
   *
   * @throws IllegalArgumentException for an option other than steps=N (N ≥ 1)
   */
  static int flowMatchingSteps(String policy) {
    int steps = 0;
    String name = modelName(policy);
    if (!name.equals(policy)) {
      for (String kv : policy.substring(name.length() + 1).split("&")) {
        String[] p = kv.split("=", 2);
        if (p.length != 2 || !p[0].equals(STEPS_OPTION) || !p[1].matches("[1-9][0-9]{0,3}")) {
          throw new IllegalArgumentException("--policy " + policy + ": bad option '" + kv + "'; valid: " + STEPS_OPTION
              + "=N (Euler steps, 1..9999), e.g. tiny-vla-fm?steps=5");
        }
        steps = Integer.parseInt(p[1]);
      }
    }
    return steps;
  }

  /**
   * The folder of a shipped model or of a model given as a path: {@code $vla4j.home/models/NAME}
   * (the launcher sets vla4j.home to the checkout), else {@code ./models/NAME}, else NAME as a path
   * (options after {@code ?} dropped).
   */
  static java.nio.file.Path modelDir(String policy) {
    policy = modelName(policy);
    if (SHIPPED_MODELS.contains(policy)) {
      String home = System.getProperty("vla4j.home");
      java.nio.file.Path p = java.nio.file.Path.of(home != null ? home : ".", "models", policy);
      if (java.nio.file.Files.isDirectory(p)) return p;
      throw new IllegalArgumentException("shipped model '" + policy + "' not found at " + p.toAbsolutePath()
          + " (run vla4j from its checkout, or give a model folder path)");
    }
    return java.nio.file.Path.of(policy);
  }

  static boolean isModelFolder(String policy) {
    policy = modelName(policy);
    return SHIPPED_MODELS.contains(policy) || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(policy, "config.json"));
  }

  private DefaultRunners() {}

  /**
   * The runners of {@code policy} on {@code suite} rendering with {@code env}, applying {@code options}.
   * A learned policy's factory applies {@code options.toggle()} to its processor pipeline; the
   * scripted expert has none and refuses every toggle.
   *
   * @throws IllegalArgumentException for an unknown policy, or a toggle the policy cannot apply
   */
  public static EpisodeRunner.Factory runners(Suite suite, String policy, RunOptions options, EnvConfig env) {
    if (options.batch() != 1 && !isModelFolder(policy)) {
      throw new IllegalArgumentException("--batch " + options.batch() + " needs a model folder policy (e.g. tiny-vla), whose ONNX"
          + " graphs take a batch; policy '" + policy + "' answers one query at a time: use --batch 1");
    }
    if (RemotePolicies.isRemote(policy)) {
      probe(policy, options); // bad options and an unreachable server fail here, before any episode
      try (RemotePolicy p = RemotePolicies.open(policy, options.toggle(), options.unnormKey())) {
        new PolicyAgent(p, options.executor()); // an executor the client cannot honour fails here
      }
      return SimEpisodeRunner.factory(suite, env,
          () -> new PolicyAgent(RemotePolicies.open(policy, options.toggle(), options.unnormKey()), options.executor()), options.monitors());
    }
    if (isModelFolder(policy) && org.vla4j.policy.vla.FlowMatchingHead.declares(modelDir(policy))) {
      return flowMatchingRunners(suite, policy, options, env);
    }
    if (isModelFolder(policy)) {
      refuseOptions(policy);
      java.nio.file.Path dir = modelDir(policy);
      org.vla4j.policy.vla.OnnxVlaPolicy.Overrides o = new org.vla4j.policy.vla.OnnxVlaPolicy.Overrides(options.toggle(), options.unnormKey());
      org.vla4j.policy.EnvSpec spec = org.vla4j.rollout.PolicyAgent.envSpec(env);
      // load once here so that a bad model fails before any episode runs, with the reason
      try (var p = org.vla4j.policy.vla.VlaPolicies.load(dir, spec, o, 1)) {
        new PolicyAgent(p, options.executor()); // a one-action model refuses a non-default executor here
        if (options.batch() > 1 && PolicyAgent.answersChunks(p)) {
          throw new IllegalArgumentException("--batch " + options.batch() + " batches one-action models; '" + policy
              + "' answers action chunks (its episodes query at different steps): use --batch 1");
        }
      }
      if (options.batch() > 1) {
        org.vla4j.rollout.LockstepBatches batches = new org.vla4j.rollout.LockstepBatches(options.batch(),
            () -> org.vla4j.policy.vla.OnnxVlaPolicy.load(dir, spec, o, 1));
        return SimEpisodeRunner.factory(suite, env, () -> new org.vla4j.rollout.PolicyAgent(batches.join(), options.executor()), options.monitors());
      }
      return SimEpisodeRunner.factory(suite, env,
          () -> new PolicyAgent(org.vla4j.policy.vla.VlaPolicies.load(dir, spec, o, 1), options.executor()), options.monitors());
    }
    PROVIDER.requireKnown(policy);
    if (options.unnormKey() != null) {
      throw new IllegalArgumentException("--unnorm-key " + options.unnormKey() + " needs a learned policy: the expert has no action"
          + " statistics (it commands the env's units directly)");
    }
    if (options.toggle() != Fault.NONE) {
      throw new IllegalArgumentException("--toggle " + options.toggle().wireName() + " needs a learned policy: the expert has no"
          + " preprocessing to break (it reads the true scene state: no camera image to flip, no prompt, no action"
          + " unnormalization); use --toggle none with policy 'expert'");
    }
    if (policy.equals(ExpertChunkAgent.NAME)) {
      return SimEpisodeRunner.factory(suite, env, () -> new ExpertChunkAgent(ExpertChunkAgent.HORIZON, options.executor()), options.monitors());
    }
    if (!options.executor().isDefault()) {
      throw new IllegalArgumentException("--executor " + options.executor().spec() + " needs a policy that answers action chunks;"
          + " 'expert' answers one action per step (try policy '" + ExpertChunkAgent.NAME + "')");
    }
    // On LIBERO's scenes the expert reads the state and no camera is rendered: its step lines carry img_mean
    // null (the Python loop renders LIBERO's meshes at about 40 ms a frame on a CPU renderer).
    EnvConfig expertEnv = envFor(suite, policy, env);
    return SimEpisodeRunner.factory(suite, expertEnv, () -> new ExpertAgent(ScriptedExpert.Noise.NONE, "expert"), options.monitors());
  }

  /** A flow-matching model folder's runners: one policy per worker, unbatched (its answers are chunks). */
  private static EpisodeRunner.Factory flowMatchingRunners(Suite suite, String policy, RunOptions options, EnvConfig env) {
    java.nio.file.Path dir = modelDir(policy);
    org.vla4j.policy.vla.OnnxFlowMatchingPolicy.Overrides o = flowMatchingOverrides(policy, options);
    org.vla4j.policy.EnvSpec spec = PolicyAgent.envSpec(env);
    if (options.batch() > 1) {
      throw new IllegalArgumentException("--batch " + options.batch() + ": policy '" + policy + "' answers action chunks, which batched"
          + " inference does not group yet; use --batch 1");
    }
    try (var p = org.vla4j.policy.vla.OnnxFlowMatchingPolicy.load(dir, spec, o, 1)) {
      new PolicyAgent(p, options.executor()); // a bad model fails here, before any episode
    }
    return SimEpisodeRunner.factory(suite, env,
        () -> new PolicyAgent(org.vla4j.policy.vla.OnnxFlowMatchingPolicy.load(dir, spec, o, 1), options.executor()), options.monitors());
  }

  /**
   * The env config {@code policy} runs with on {@code suite}: {@code env}, except that the scripted expert on a
   * LIBERO suite renders no camera (it reads the state).
   */
  static EnvConfig envFor(Suite suite, String policy, EnvConfig env) {
    return suite.isLibero() && policy.equals("expert") ? env.withCameras(false, false) : env;
  }

  /**
   * Opens a client of {@code policy}, connects it once and returns its {@link RemotePolicy#describe()}.
   *
   * @throws IllegalArgumentException for bad URI options or toggles, or a server that cannot be
   *     reached or does not speak the protocol (one line, naming the address)
   */
  static java.util.Map<String, Object> probe(String policy, RunOptions options) {
    try (RemotePolicy p = RemotePolicies.open(policy, options.toggle(), options.unnormKey())) {
      p.connect();
      return p.describe();
    } catch (RemotePolicyException e) {
      throw new IllegalArgumentException("remote policy '" + policy + "' is not usable: " + e.getMessage());
    }
  }

  /** The CLI's runner provider. */
  public static RunnerProvider provider() {
    return PROVIDER;
  }

  private static final RunnerProvider PROVIDER = new RunnerProvider() {
    @Override
    public EpisodeRunner.Factory factory(Suite suite, String policy) {
      return factory(suite, policy, RunOptions.NONE);
    }

    @Override
    public EpisodeRunner.Factory factory(Suite suite, String policy, RunOptions options) {
      return runners(suite, policy, options, EnvConfig.forSuite(suite));
    }

    @Override
    public java.util.Map<String, String> setup(String policy, RunOptions options) {
      return setup(org.vla4j.sim.suite.Suites.get("object"), policy, options);
    }

    @Override
    public java.util.Map<String, String> setup(Suite suite, String policy, RunOptions options) {
      java.util.Map<String, String> s = new java.util.TreeMap<>();
      s.put("mujoco_library_sha256", org.vla4j.sim.SimInfo.mujocoLibrarySha256());
      s.put("renderer", org.vla4j.sim.SimInfo.renderer());
      s.put("render_settings", envFor(suite, policy, EnvConfig.forSuite(suite)).describe(suite));
      if (isModelFolder(policy)) s.putAll(modelFileHashes(modelDir(policy)));
      if (isModelFolder(policy) && org.vla4j.policy.vla.FlowMatchingHead.declares(modelDir(policy))) {
        int steps = flowMatchingOverrides(policy, options).steps(); // the Euler steps change the actions: part of the fingerprint
        s.put("flow_matching_steps", Integer.toString(steps == 0 ? org.vla4j.policy.vla.FlowMatchingHead.read(modelDir(policy)).numSteps() : steps));
      }
      return s;
    }

    @Override
    public List<String> pipeline(String policy, RunOptions options) {
      if (RemotePolicies.isRemote(policy)) {
        try (RemotePolicy p = RemotePolicies.open(policy, options.toggle(), options.unnormKey())) {
          return p.pipeline(); // the client's steps; the server's own are in policy_server.metadata
        }
      }
      if (!isModelFolder(policy)) return List.of();
      if (org.vla4j.policy.vla.FlowMatchingHead.declares(modelDir(policy))) {
        return org.vla4j.policy.vla.OnnxFlowMatchingPolicy.pipeline(modelDir(policy), flowMatchingOverrides(policy, options));
      }
      return org.vla4j.policy.vla.VlaPolicies.pipeline(modelDir(policy),
          new org.vla4j.policy.vla.OnnxVlaPolicy.Overrides(options.toggle(), options.unnormKey()));
    }

    @Override
    public java.util.Map<String, Object> policyServer(String policy, RunOptions options) {
      return RemotePolicies.isRemote(policy) ? probe(policy, options) : java.util.Map.of();
    }

    @Override
    public List<String> policies() {
      return POLICIES;
    }

    @Override
    public String bestPolicy(String suite) {
      return suite.equals(LIBERO_MODEL_SUITE) ? LIBERO_MODEL : POLICIES.getFirst();
    }

    @Override
    public boolean knows(String policy) {
      return POLICIES.contains(policy) || RemotePolicies.isRemote(policy) || isModelFolder(policy);
    }

    @Override
    public String validPolicies() {
      return String.join(", ", POLICIES) + ", a model folder holding config.json, or a remote policy "
          + String.join(", ", RemotePolicies.SCHEMES.stream().map(x -> x + "://HOST:PORT").toList());
    }
  };

  /**
   * {@code model_file:<name>} → sha256 (hex) of each regular file directly in a model folder, Markdown excepted (the
   * files inference reads; subfolders such as training logs are left out).
   *
   * @throws java.io.UncheckedIOException if a file cannot be read
   */
  static java.util.Map<String, String> modelFileHashes(java.nio.file.Path dir) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).sorted().toList()) {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(f)) {
          byte[] buf = new byte[1 << 16];
          for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        out.put("model_file:" + f.getFileName(), java.util.HexFormat.of().formatHex(md.digest()));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read model folder " + dir + ": " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
