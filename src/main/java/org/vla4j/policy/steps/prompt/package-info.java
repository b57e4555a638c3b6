/** Prompt templates: OpenVLA, OpenVLA v0.1 (Vicuña), the drill's rephrasing, and user-defined ones. */
package org.vla4j.policy.steps.prompt;
