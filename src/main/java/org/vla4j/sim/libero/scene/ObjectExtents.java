package org.vla4j.sim.libero.scene;

import static org.vla4j.sim.libero.scene.MjcfDoc.children;

import java.nio.file.Path;
import org.vla4j.sim.libero.LiberoPaths;
import org.w3c.dom.Element;

/**
 * What robosuite 1.4.1's {@code MujocoXMLObject} tells a placement sampler about an object asset, read
 * from the three marker sites of the asset's outer body ({@code ./body/site[@name=...]}), which the
 * composed model does not keep:
 *
 * @param bottomOffset {@code bottom_offset}: the {@code bottom_site} position, metres, object frame
 * @param topOffset {@code top_offset}: the {@code top_site} position, metres, object frame
 * @param horizontalRadius {@code horizontal_radius}: the x coordinate of {@code horizontal_radius_site},
 *     metres (robosuite takes {@code pos[0]} only, not the norm of its xy)
 */
public record ObjectExtents(double[] bottomOffset, double[] topOffset, double horizontalRadius) {
  public ObjectExtents {
    bottomOffset = bottomOffset.clone();
    topOffset = topOffset.clone();
  }

  @Override
  public double[] bottomOffset() {
    return bottomOffset.clone();
  }

  @Override
  public double[] topOffset() {
    return topOffset.clone();
  }

  /**
   * The extents of an object category's asset ({@code <category>/<category>.xml} in LIBERO's asset
   * families, as the composer finds it).
   *
   * @throws IllegalArgumentException if the category has no asset, or the asset lacks one of the sites
   */
  public static ObjectExtents of(LiberoPaths paths, String category) {
    Path file = LiberoSceneComposer.ObjectModels.assetFile(paths, category);
    MjcfDoc d = MjcfDoc.load(file);
    Element outer = children(d.worldbody, "body").stream().findFirst()
        .orElseThrow(() -> new IllegalArgumentException(file + " has no body in its worldbody"));
    return new ObjectExtents(site(outer, "bottom_site", file), site(outer, "top_site", file), site(outer, "horizontal_radius_site", file)[0]);
  }

  private static double[] site(Element body, String name, Path file) {
    for (Element s : children(body, "site")) {
      if (s.getAttribute("name").equals(name)) return MjcfDoc.stringToArray(s.getAttribute("pos"));
    }
    throw new IllegalArgumentException(file + " has no ./body/site[@name='" + name + "'] (robosuite MujocoXMLObject)");
  }
}
