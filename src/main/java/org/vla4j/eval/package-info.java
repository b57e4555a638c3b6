/**
 * Evaluation: episode plans (tasks × trials → init states and seeds), parallel runs whose logs do
 * not depend on the worker count, resuming interrupted runs, and statistics (success rate, standard
 * error, Wilson interval). The run folder's files are described in docs/FORMATS.md.
 */
package org.vla4j.eval;
