package org.vla4j.runlog;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The reason of an I/O failure in words, for one-line user messages ("cannot read X: no such file or
 * folder"). Java's file-system exceptions carry only the path as their message, which repeated after
 * the path says nothing ("cannot read /missing: /missing").
 */
public final class IoErrors {
  private IoErrors() {}

  /**
   * @param e the failure
   * @return "no such file or folder", "permission denied", "not a folder", the operating system's reason
   *     of another {@link FileSystemException}, or the exception's message
   */
  public static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file or folder";
      case AccessDeniedException x -> "permission denied";
      case NotDirectoryException x -> "not a folder";
      case FileSystemException x when x.getReason() != null -> x.getReason();
      default -> String.valueOf(e.getMessage());
    };
  }
}
