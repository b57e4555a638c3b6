/**
 * Evaluation: {@code plan} (episode plans: tasks × trials → init states and seeds; selections),
 * {@code run} (running a plan into a run folder, resuming, replaying, the runner provider seam),
 * {@code stats} (success rate, standard error, Wilson interval, two-proportion tests, sweeps). Logs
 * do not depend on the worker count. The run folder's files are described in docs/FORMATS.md and
 * written and read through {@code org.vla4j.runlog}.
 */
package org.vla4j.eval;
