package org.vla4j.sim.suite;

/**
 * One task of a suite: an instruction and the object it is about.
 *
 * @param id index within the suite, 0-based
 * @param name short snake_case name, e.g. {@code pick_up_the_ketchup_and_place_it_in_the_basket}
 * @param instruction the natural-language instruction given to the policy, LIBERO's wording
 * @param targetObject name of the object the task is about (an object of the suite)
 */
public record Task(int id, String name, String instruction, String targetObject) {}
