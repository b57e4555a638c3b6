package org.vla4j.sim.libero.scene;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One MJCF file loaded the way robosuite 1.4.1's {@code MujocoXML} loads it ({@code models/base.py}): the
 * sections {@code worldbody, actuator, sensor, asset, tendon, equality, contact, extension, compiler}
 * created when absent, {@code <default>} classes written inline into the elements that use them and then
 * removed, and every asset {@code file} made absolute against the file's folder. Also the
 * {@code mjcf_utils} operations on element trees that the composition needs (prefixing names, recolouring
 * collision geoms, {@code array_to_string}).
 *
 * <p>Mutable: the composer edits these trees in place, as robosuite does; not shared across threads.
 */
final class MjcfDoc {
  /** Attributes that hold names or references to names ({@code mjcf_utils.MUJOCO_NAMED_ATTRIBUTES}). */
  static final Set<String> NAMED_ATTRIBUTES = Set.of(
      "class", "childclass", "name", "objname", "material", "texture", "joint", "joint1", "joint2", "jointinparent",
      "geom", "geom1", "geom2", "mesh", "fixed", "actuator", "tendon", "tendon1", "tendon2", "slidesite", "cranksite",
      "body", "body1", "body2", "hfield", "target", "prefix", "site");

  /** Sensor element tags ({@code mjcf_utils.SENSOR_TYPES}). */
  static final Set<String> SENSOR_TYPES = Set.of(
      "touch", "accelerometer", "velocimeter", "gyro", "force", "torque", "magnetometer", "rangefinder", "jointpos",
      "jointvel", "tendonpos", "tendonvel", "actuatorpos", "actuatorvel", "actuatorfrc", "ballangvel", "jointlimitpos",
      "jointlimitvel", "jointlimitfrc", "tendonlimitpos", "tendonlimitvel", "tendonlimitfrc", "framepos", "framequat",
      "framexaxis", "frameyaxis", "framezaxis", "framelinvel", "frameangvel", "framelinacc", "frameangacc", "subtreecom",
      "subtreelinvel", "subtreeangmom", "user");

  final Path file;
  final Document doc;
  final Element root;
  final Element worldbody;
  final Element actuator;
  final Element sensor;
  final Element asset;
  final Element tendon;
  final Element equality;
  final Element contact;
  final Element compiler;

  private MjcfDoc(Path file, Document doc) {
    this.file = file;
    this.doc = doc;
    this.root = doc.getDocumentElement();
    this.worldbody = section("worldbody");
    this.actuator = section("actuator");
    this.sensor = section("sensor");
    this.asset = section("asset");
    this.tendon = section("tendon");
    this.equality = section("equality");
    this.contact = section("contact");
    section("extension");
    this.compiler = section("compiler");
    Element defaults = section("default");
    replaceDefaultsInline(defaultClasses(defaults), root);
    root.removeChild(defaults);
    for (Element e : children(asset)) {
      if (e.hasAttribute("file")) {
        e.setAttribute("file", file.toAbsolutePath().getParent().resolve(e.getAttribute("file")).normalize().toString());
      }
    }
  }

  /**
   * Loads an MJCF file.
   *
   * @throws IllegalArgumentException if it is missing or not well-formed XML (the message names the file)
   */
  static MjcfDoc load(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("MJCF file not found: " + file);
    Set<Path> reads = READS.get();
    if (reads != null) reads.add(file.toAbsolutePath().normalize());
    try {
      DocumentBuilder b = builder();
      Document d = b.parse(file.toFile());
      stripWhitespaceAndComments(d.getDocumentElement());
      return new MjcfDoc(file, d);
    } catch (SAXException e) {
      throw new IllegalArgumentException("malformed MJCF " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The set {@link #load} adds every file it reads to, on this thread, while {@link #recordingReads} runs. */
  private static final ThreadLocal<Set<Path>> READS = new ThreadLocal<>();

  /**
   * Runs {@code work} on this thread, adding the absolute path of every MJCF file {@link #load} reads meanwhile
   * to {@code into}.
   */
  static <T> T recordingReads(Set<Path> into, java.util.function.Supplier<T> work) {
    Set<Path> outer = READS.get();
    READS.set(into);
    try {
      return work.get();
    } finally {
      READS.set(outer);
    }
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(false);
      f.setExpandEntityReferences(false);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML parser", e);
    }
  }

  private static void stripWhitespaceAndComments(Element e) {
    Node c = e.getFirstChild();
    while (c != null) {
      Node next = c.getNextSibling();
      if (c.getNodeType() == Node.ELEMENT_NODE) stripWhitespaceAndComments((Element) c);
      else e.removeChild(c);
      c = next;
    }
  }

  private Element section(String name) {
    for (Element c : children(root)) if (c.getTagName().equals(name)) return c;
    Element e = doc.createElement(name);
    root.appendChild(e);
    return e;
  }

  /** {@code MujocoXML._get_default_classes}: class name → (tag → default element). */
  private static Map<String, Map<String, Element>> defaultClasses(Element defaults) {
    Map<String, Map<String, Element>> out = new HashMap<>();
    for (Element cls : children(defaults)) {
      Map<String, Element> byTag = new HashMap<>();
      for (Element c : children(cls)) byTag.put(c.getTagName(), c);
      out.put(cls.getAttribute("class"), byTag);
    }
    return out;
  }

  /** {@code MujocoXML._replace_defaults_inline}: pop {@code class}, copy the class's attributes that are not set. */
  private static void replaceDefaultsInline(Map<String, Map<String, Element>> classes, Element e) {
    if (e.hasAttribute("class")) {
      String cls = e.getAttribute("class");
      e.removeAttribute("class");
      Map<String, Element> byTag = classes.get(cls);
      if (byTag == null) throw new IllegalArgumentException("MJCF uses undefined default class '" + cls + "'; defined: " + classes.keySet());
      Element d = byTag.get(e.getTagName());
      if (d != null) {
        var attrs = d.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
          Node a = attrs.item(i);
          if (!e.hasAttribute(a.getNodeName())) e.setAttribute(a.getNodeName(), a.getNodeValue());
        }
      }
    }
    for (Element c : children(e)) replaceDefaultsInline(classes, c);
  }

  /**
   * Every file a composed MJCF text names: the value of each attribute whose name starts with {@code file}
   * ({@code file} of meshes, textures, hfields, skins, includes; {@code fileright} ... of cube textures), in
   * document order, duplicates kept.
   *
   * @throws IllegalArgumentException if the text is not well-formed XML, or a named file is not an absolute
   *     path (a composed scene compiles from a string, so a relative path would resolve against the working folder)
   */
  static List<Path> fileReferences(String xml) {
    Document d;
    try {
      d = builder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
    } catch (SAXException e) {
      throw new IllegalArgumentException("malformed composed MJCF: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> out = new ArrayList<>();
    for (Element e : findAll(d.getDocumentElement(), x -> true)) {
      var attrs = e.getAttributes();
      for (int i = 0; i < attrs.getLength(); i++) {
        Node a = attrs.item(i);
        if (!a.getNodeName().startsWith("file")) continue;
        Path f = Path.of(a.getNodeValue());
        if (!f.isAbsolute()) {
          throw new IllegalArgumentException("composed MJCF names a relative file: <" + e.getTagName() + " " + a.getNodeName() + "=\"" + a.getNodeValue() + "\">");
        }
        out.add(f.normalize());
      }
    }
    return out;
  }

  /** Element children in document order. */
  static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    NodeList nl = e.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) if (nl.item(i) instanceof Element c) out.add(c);
    return out;
  }

  /** Element children with a tag. */
  static List<Element> children(Element e, String tag) {
    return children(e).stream().filter(c -> c.getTagName().equals(tag)).toList();
  }

  /** First element (pre-order, document order, {@code e} included) matching, or null ({@code find_elements(return_first=True)}). */
  static Element find(Element e, Predicate<Element> p) {
    if (p.test(e)) return e;
    for (Element c : children(e)) {
      Element f = find(c, p);
      if (f != null) return f;
    }
    return null;
  }

  /** All elements (pre-order, document order, {@code e} included) matching. */
  static List<Element> findAll(Element e, Predicate<Element> p) {
    List<Element> out = new ArrayList<>();
    collect(e, p, out);
    return out;
  }

  private static void collect(Element e, Predicate<Element> p, List<Element> out) {
    if (p.test(e)) out.add(e);
    for (Element c : children(e)) collect(c, p, out);
  }

  /** A predicate on tag and {@code name}. */
  static Predicate<Element> named(String tag, String name) {
    return x -> x.getTagName().equals(tag) && name.equals(x.getAttribute("name"));
  }

  /**
   * {@code mjcf_utils.add_prefix}: prepend {@code prefix} to every named attribute of every element under
   * (and including) {@code e} that does not already start with it.
   */
  static void addPrefix(Element e, String prefix) {
    var attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Node a = attrs.item(i);
      if (NAMED_ATTRIBUTES.contains(a.getNodeName()) && !a.getNodeValue().startsWith(prefix)) a.setNodeValue(prefix + a.getNodeValue());
    }
    for (Element c : children(e)) addPrefix(c, prefix);
  }

  /** {@code mjcf_utils.recolor_collision_geoms}: group 0 / unset geoms get {@code rgba} and lose their material. */
  static void recolorCollisionGeoms(Element e, double[] rgba, Predicate<Element> exclude) {
    if (e.getTagName().equals("geom") && isCollisionGroup(e) && !exclude.test(e)) {
      e.setAttribute("rgba", arrayToString(rgba));
      e.removeAttribute("material");
    }
    for (Element c : children(e)) recolorCollisionGeoms(c, rgba, exclude);
  }

  /** Group unset or "0" (robosuite's collision geoms). */
  static boolean isCollisionGroup(Element geom) {
    return !geom.hasAttribute("group") || geom.getAttribute("group").equals("0");
  }

  /** {@code mjcf_utils.array_to_string}: numbers joined by single spaces, each in shortest round-trip form. */
  static String arrayToString(double... v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      if (i > 0) sb.append(' ');
      sb.append(pyFloat(v[i]));
    }
    return sb.toString();
  }

  /**
   * A double in shortest round-trip form ({@link Double#toString}; Python's {@code repr} gives the same
   * digits, so MuJoCo parses the same double), e.g. {@code 1.0}, {@code 0.010000000000000009}.
   */
  static String pyFloat(double d) {
    return Double.toString(d).replace('E', 'e');
  }

  /** {@code mjcf_utils.string_to_array}. */
  static double[] stringToArray(String s) {
    String[] p = s.trim().split("\\s+");
    double[] v = new double[p.length];
    for (int i = 0; i < p.length; i++) v[i] = Double.parseDouble(p[i]);
    return v;
  }

  /** Deep copy of an element into this document. */
  Element importCopy(Element e) {
    return (Element) doc.importNode(e, true);
  }

  /** A new element of this document with attributes in the given order. */
  Element element(String tag, String... nameValues) {
    Element e = doc.createElement(tag);
    for (int i = 0; i + 1 < nameValues.length; i += 2) e.setAttribute(nameValues[i], nameValues[i + 1]);
    return e;
  }

  /** The whole document as MJCF text. */
  String toXml() {
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      t.setOutputProperty(OutputKeys.INDENT, "yes");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot serialise MJCF", e);
    }
  }
}
