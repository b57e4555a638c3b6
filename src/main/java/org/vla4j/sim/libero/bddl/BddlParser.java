package org.vla4j.sim.libero.bddl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vla4j.sim.libero.bddl.SExpr.Atom;
import org.vla4j.sim.libero.bddl.SExpr.Group;

/**
 * Parses LIBERO's BDDL problem files into {@link BddlProblem}s, following LIBERO's
 * {@code envs/bddl_utils.py} ({@code robosuite_parse_problem}, {@code get_regions}) and the tokenizer
 * it uses ({@code bddl.parsing.scan_tokens}: {@code ;} comments dropped, text lower-cased, tokens are
 * parentheses or runs of non-space). Unlike LIBERO, which prints and skips unknown sections and
 * asserts on the rest, every deviation is an error naming file, line, column and token.
 */
public final class BddlParser {
  private BddlParser() {}

  /** Sections a problem may have; {@code :requirements} and {@code :scene_properties} are accepted and ignored. */
  public static final List<String> SECTIONS = List.of(
      "problem", ":domain", ":language", ":regions", ":fixtures", ":objects", ":obj_of_interest", ":init", ":goal",
      ":requirements", ":scene_properties");

  /** Attributes a region may have. */
  public static final List<String> REGION_ATTRIBUTES = List.of(":target", ":ranges", ":yaw_rotation", ":rgba");

  /**
   * Reads and parses a file.
   *
   * @throws BddlException if it is not a well-formed LIBERO problem
   * @throws UncheckedIOException if it cannot be read
   */
  public static BddlProblem parse(Path file) {
    try {
      return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read BDDL file " + file, e);
    }
  }

  /**
   * Parses BDDL text.
   *
   * @param file the name to report in errors and to record in the problem
   * @throws BddlException if it is not a well-formed LIBERO problem
   */
  public static BddlProblem parse(Path file, String text) {
    return new Builder(file).problem(read(file, text));
  }

  /**
   * Tokenizes BDDL text into one s-expression, as {@code bddl.parsing.scan_tokens} does.
   *
   * @throws BddlException on unbalanced parentheses or more than one top-level expression
   */
  public static Group read(Path file, String text) {
    Deque<List<SExpr>> stack = new ArrayDeque<>();
    Deque<int[]> opened = new ArrayDeque<>();
    List<SExpr> top = new ArrayList<>();
    List<SExpr> current = top;
    int line = 1;
    int col = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        col = 1;
        i++;
      } else if (c == ';') {
        while (i < n && text.charAt(i) != '\n') i++;
      } else if (Character.isWhitespace(c)) {
        i++;
        col++;
      } else if (c == '(') {
        stack.push(current);
        opened.push(new int[] {line, col});
        current = new ArrayList<>();
        i++;
        col++;
      } else if (c == ')') {
        if (stack.isEmpty()) throw new BddlException(file, line, col, ")", "unbalanced ')': no '(' is open");
        int[] at = opened.pop();
        Group g = new Group(current, at[0], at[1]);
        current = stack.pop();
        current.add(g);
        i++;
        col++;
      } else {
        int start = i;
        int startCol = col;
        while (i < n && !Character.isWhitespace(text.charAt(i)) && "();".indexOf(text.charAt(i)) < 0) {
          i++;
          col++;
        }
        current.add(new Atom(text.substring(start, i), line, startCol));
      }
    }
    if (!stack.isEmpty()) {
      int[] at = opened.peek();
      throw new BddlException(file, at[0], at[1], "(", "unbalanced '(': " + stack.size() + " group(s) never closed");
    }
    if (top.size() != 1 || !(top.getFirst() instanceof Group root)) {
      SExpr bad = top.size() > 1 ? top.get(1) : top.isEmpty() ? null : top.getFirst();
      throw new BddlException(file, bad == null ? line : bad.line(), bad == null ? col : bad.column(), bad == null ? null : bad.toString(),
          "a BDDL file must be exactly one '(define ...)' expression, found " + top.size() + " top-level item(s)");
    }
    return root;
  }

  private static final class Builder {
    private final Path file;
    private String problemName;
    private String domain;
    private String language;
    private final List<BddlRegion> regions = new ArrayList<>();
    private final List<BddlInstance> fixtures = new ArrayList<>();
    private final List<BddlInstance> objects = new ArrayList<>();
    private final List<String> objOfInterest = new ArrayList<>();
    private final List<BddlPredicate> init = new ArrayList<>();
    private String goalOperator;
    private final List<BddlPredicate> goal = new ArrayList<>();

    Builder(Path file) {
      this.file = file;
    }

    BddlException error(SExpr at, String message) {
      return new BddlException(file, at.line(), at.column(), at instanceof Atom a ? a.text() : headText(at), message);
    }

    private static String headText(SExpr g) {
      String s = g.toString();
      return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    BddlProblem problem(Group root) {
      if (!root.head().equals("define")) throw error(root, "a BDDL problem starts with '(define'");
      Set<String> seen = new HashSet<>();
      for (SExpr item : root.items().subList(1, root.items().size())) {
        if (!(item instanceof Group g) || g.items().isEmpty()) throw error(item, "expected a section such as '(:objects ...)' inside define");
        String head = g.head();
        if (!SECTIONS.contains(head)) throw error(g.items().getFirst(), "unknown section; valid: " + String.join(", ", SECTIONS));
        if (!seen.add(head)) throw error(g.items().getFirst(), "section " + head + " given twice");
        switch (head) {
          case "problem" -> problemName = atoms(g, 1).getLast().lower();
          case ":domain" -> {
            domain = singleAtom(g).lower();
            if (!domain.equals("robosuite")) throw error(g.items().get(1), "LIBERO problems use ':domain robosuite'");
          }
          case ":language" -> language = String.join(" ", atoms(g, 1).stream().map(Atom::lower).toList());
          case ":regions" -> regions(g);
          case ":fixtures" -> instances(g, fixtures);
          case ":objects" -> instances(g, objects);
          // not checked against the declarations: libero_goal's files name an undeclared bowl_drainer_1
          // here, which LIBERO tolerates
          case ":obj_of_interest" -> atoms(g, 0).forEach(a -> objOfInterest.add(a.lower()));
          case ":init" -> {
            for (SExpr p : g.items().subList(1, g.items().size())) init.add(predicate(p));
          }
          case ":goal" -> goal(g);
          default -> { } // :requirements, :scene_properties: accepted, unused by the released suites
        }
      }
      for (String required : List.of("problem", ":language", ":objects", ":init", ":goal")) {
        if (!seen.contains(required)) throw new BddlException(file, root.line(), root.column(), null, "missing section " + required);
      }
      checkReferences();
      return new BddlProblem(file, problemName, domain == null ? "robosuite" : domain, language, regions, fixtures, objects,
          objOfInterest, init, goalOperator, goal);
    }

    private List<Atom> atoms(Group g, int minCount) {
      List<Atom> out = new ArrayList<>();
      for (SExpr e : g.items().subList(1, g.items().size())) {
        if (!(e instanceof Atom a)) throw error(e, "expected a name in " + g.head() + ", found a group");
        out.add(a);
      }
      if (out.size() < minCount) throw error(g, g.head() + " needs at least " + minCount + " name(s)");
      return out;
    }

    private Atom singleAtom(Group g) {
      List<Atom> a = atoms(g, 1);
      if (a.size() != 1) throw error(a.get(1), g.head() + " takes exactly one value");
      return a.getFirst();
    }

    private void instances(Group g, List<BddlInstance> out) {
      List<Atom> pending = new ArrayList<>();
      Map<String, Integer> groupOf = new LinkedHashMap<>();
      List<SExpr> items = g.items();
      int groupIndex = 0;
      for (int i = 1; i < items.size(); i++) {
        if (!(items.get(i) instanceof Atom a)) throw error(items.get(i), "expected 'name ... - category' in " + g.head());
        if (a.text().equals("-")) {
          if (pending.isEmpty()) throw error(a, "'-' without instance names before it in " + g.head());
          if (i + 1 >= items.size() || !(items.get(i + 1) instanceof Atom cat) || cat.text().equals("-")) {
            throw error(a, "'-' must be followed by a category name in " + g.head());
          }
          Integer earlier = groupOf.putIfAbsent(cat.lower(), groupIndex);
          if (earlier != null) {
            throw error(cat, "category '" + cat.lower() + "' declared in two groups of " + g.head()
                + "; LIBERO keeps only the later group's instances: list them all before one '- " + cat.lower() + "'");
          }
          for (Atom p : pending) out.add(new BddlInstance(p.lower(), cat.lower()));
          pending.clear();
          groupIndex++;
          i++;
        } else {
          pending.add(a);
        }
      }
      if (!pending.isEmpty()) throw error(pending.getFirst(), "instance(s) without '- category' at the end of " + g.head());
      Set<String> names = new HashSet<>();
      for (BddlInstance b : out) {
        if (!names.add(b.name())) throw error(g, "instance '" + b.name() + "' declared twice in " + g.head());
      }
    }

    private void regions(Group g) {
      for (SExpr r : g.items().subList(1, g.items().size())) {
        if (!(r instanceof Group rg) || rg.items().isEmpty() || !(rg.items().getFirst() instanceof Atom name)) {
          throw error(r, "expected '(region_name (:target ...) ...)' in :regions");
        }
        String target = null;
        List<BddlRegion.Range> ranges = new ArrayList<>();
        double[] yaw = {0, 0};
        double[] rgba = {0, 0, 1, 0};
        for (SExpr attr : rg.items().subList(1, rg.items().size())) {
          if (!(attr instanceof Group ag) || ag.items().isEmpty()) throw error(attr, "expected a region attribute group; valid: " + REGION_ATTRIBUTES);
          switch (ag.head()) {
            case ":target" -> target = singleAtom(ag).lower();
            case ":ranges" -> {
              for (Group rect : groups(ag)) {
                double[] v = numbers(rect, 4, "a :ranges rectangle (x0 y0 x1 y1)");
                if (v[2] < v[0] || v[3] < v[1]) throw error(rect, "range (x0 y0 x1 y1) needs x1 >= x0 and y1 >= y0");
                ranges.add(new BddlRegion.Range(v[0], v[1], v[2], v[3]));
              }
            }
            case ":yaw_rotation" -> {
              // LIBERO keeps the last pair when several are given
              for (Group pair : groups(ag)) yaw = numbers(pair, 2, "a :yaw_rotation interval (lo hi)");
            }
            case ":rgba" -> {
              if (ag.items().size() != 2 || !(ag.items().get(1) instanceof Group c)) throw error(ag, ":rgba takes one group of 4 numbers");
              rgba = numbers(c, 4, "an :rgba colour (r g b a)");
            }
            default -> throw error(ag.items().getFirst(), "unknown region attribute; valid: " + String.join(", ", REGION_ATTRIBUTES));
          }
        }
        if (target == null) throw error(rg, "region '" + name.lower() + "' has no :target");
        BddlRegion region = new BddlRegion(name.lower(), target, ranges, yaw, rgba);
        if (regions.stream().anyMatch(x -> x.key().equals(region.key()))) throw error(rg, "region " + region.key() + " declared twice");
        regions.add(region);
      }
    }

    private List<Group> groups(Group g) {
      // (:ranges ( (a b c d) (e f g h) )): one wrapping group holding the rectangles
      if (g.items().size() != 2 || !(g.items().get(1) instanceof Group wrap)) throw error(g, g.head() + " takes one group of groups, e.g. " + g.head() + " ((...)))");
      List<Group> out = new ArrayList<>();
      for (SExpr e : wrap.items()) {
        if (!(e instanceof Group inner)) throw error(e, "expected a parenthesised group of numbers in " + g.head());
        out.add(inner);
      }
      return out;
    }

    private double[] numbers(Group g, int count, String what) {
      if (g.items().size() != count) throw error(g, what + " needs " + count + " numbers, found " + g.items().size());
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        SExpr e = g.items().get(i);
        if (!(e instanceof Atom a)) throw error(e, "expected a number in " + what);
        try {
          out[i] = Double.parseDouble(a.text());
        } catch (NumberFormatException ex) {
          throw error(a, "not a number in " + what);
        }
        if (!Double.isFinite(out[i])) throw error(a, "not a finite number in " + what);
      }
      return out;
    }

    private BddlPredicate predicate(SExpr p) {
      if (!(p instanceof Group g) || g.items().size() < 2) throw error(p, "expected a predicate such as '(On a b)'");
      List<String> args = new ArrayList<>();
      String name = null;
      for (SExpr e : g.items()) {
        if (!(e instanceof Atom a)) throw error(e, "nested expressions are not supported inside a predicate");
        if (name == null) name = a.lower();
        else args.add(a.lower());
      }
      if (args.size() > 2) throw error(g, "LIBERO's predicates take one or two arguments, found " + args.size());
      return new BddlPredicate(name, args, g.line());
    }

    private void goal(Group g) {
      if (g.items().size() != 2) throw error(g, ":goal takes one expression, e.g. (:goal (And (In a b)))");
      SExpr body = g.items().get(1);
      if (body instanceof Group bg && (bg.head().equals("and") || bg.head().equals("or"))) {
        goalOperator = bg.head();
        if (bg.items().size() < 2) throw error(bg, "(" + goalOperator + ") needs at least one predicate");
        for (SExpr p : bg.items().subList(1, bg.items().size())) goal.add(predicate(p));
      } else {
        goalOperator = "and";
        goal.add(predicate(body));
      }
    }

    private void checkReferences() {
      // Region targets are not checked: every libero_goal file declares regions of a bowl_drainer_1 it never
      // declares, which LIBERO tolerates (see BddlProblem#undeclaredTargets).
      Set<String> instances = new HashSet<>();
      fixtures.forEach(f -> instances.add(f.name()));
      for (BddlInstance o : objects) {
        if (!instances.add(o.name())) {
          throw new BddlException(file, 1, 1, o.name(), "'" + o.name() + "' is declared both as a fixture and as an object");
        }
      }
    }
  }
}
