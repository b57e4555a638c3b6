package org.vla4j.sim.libero.bddl;

/**
 * One declared fixture or object of a BDDL problem, e.g. {@code alphabet_soup_1 - alphabet_soup}.
 *
 * @param name the instance name (the MJCF name prefix, e.g. {@code alphabet_soup_1})
 * @param category the category after the dash (the asset's registered name, e.g. {@code alphabet_soup})
 */
public record BddlInstance(String name, String category) {}
