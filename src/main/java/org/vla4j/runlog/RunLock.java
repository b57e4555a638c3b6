package org.vla4j.runlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run folder while a process writes it ({@code OUT/.lock}, an OS file lock
 * through {@link FileChannel#tryLock}): a second {@code eval} or {@code --resume} on the same folder
 * fails at once, naming the holder, instead of interleaving its episodes with the first one's. The
 * OS releases the lock when the holder exits, even after {@code kill -9}; the file itself stays and
 * names the last holder.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name inside a run folder. */
  public static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dir} (which must exist) and writes this process's pid and host into it.
   *
   * @throws IllegalArgumentException if another process (or another run in this one) holds it; the
   *     message names the holder as its lock file says
   * @throws UncheckedIOException if the lock file cannot be opened
   */
  public static RunLock acquire(Path dir) {
    Path f = dir.resolve(FILE);
    FileChannel ch;
    try {
      ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + f + ": " + e.getMessage(), e);
    }
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException e) {
      close(ch);
      throw new UncheckedIOException("cannot lock " + f + ": " + e.getMessage(), e);
    }
    if (l == null) {
      String holder = holder(f);
      close(ch);
      throw new IllegalArgumentException("run folder " + dir + " is in use by another vla4j process (" + holder
          + "); wait for it to finish, or choose another --out");
    }
    try {
      byte[] me = ("pid " + ProcessHandle.current().pid() + " on " + host() + "\n").getBytes(StandardCharsets.UTF_8);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(me), 0);
      ch.force(false);
    } catch (IOException e) {
      // the lock holds without the note; the next contender just cannot name us
    }
    return new RunLock(ch, l);
  }

  private static String holder(Path f) {
    try {
      String s = Files.readString(f, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "holder unknown" : s;
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  private static String host() {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    int at = name.indexOf('@');
    return at >= 0 ? name.substring(at + 1) : "this host";
  }

  private static void close(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing held
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    close(channel);
  }
}
