package org.vla4j.sim.libero.bddl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One node of a BDDL file's s-expression tree, with where it was written (1-based line and column).
 * An {@link Atom} is a token (kept as written; LIBERO compares them lower-cased); a {@link Group} is a
 * parenthesised list.
 */
public sealed interface SExpr {
  /** 1-based line of the token or of the opening parenthesis. */
  int line();

  /** 1-based column of the token or of the opening parenthesis. */
  int column();

  /** A token such as {@code :target}, {@code floor} or {@code -0.145}. */
  record Atom(String text, int line, int column) implements SExpr {
    /** The token lower-cased, as LIBERO's {@code scan_tokens} reads every file. */
    public String lower() {
      return text.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A parenthesised list of nodes. */
  record Group(List<SExpr> items, int line, int column) implements SExpr {
    public Group {
      items = List.copyOf(items);
    }

    /** The first item's lower-cased text if it is an atom, else "". */
    public String head() {
      return !items.isEmpty() && items.getFirst() instanceof Atom a ? a.lower() : "";
    }

    @Override
    public String toString() {
      return items.stream().map(Object::toString).collect(Collectors.joining(" ", "(", ")"));
    }
  }
}
