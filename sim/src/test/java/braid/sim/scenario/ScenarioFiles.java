package braid.sim.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared scenario catalog from wherever the tests run. */
public final class ScenarioFiles {
  private ScenarioFiles() {
  }

  /**
   * Walks up from the working directory looking for {@code shared/scenarios} or
   * {@code ../shared/scenarios} (the worktrees sit next to {@code /work/shared}).
   */
  public static Optional<Path> directory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate : new Path[] {dir.resolve("shared/scenarios"),
          dir.resolve("../shared/scenarios")}) {
        if (Files.isRegularFile(candidate.resolve("README.md"))) {
          return Optional.of(candidate.normalize());
        }
      }
    }
    return Optional.empty();
  }

  /** One catalog file, or empty when the catalog is not found. */
  public static Optional<Path> file(String name) {
    return directory().map(d -> d.resolve(name)).filter(Files::isRegularFile);
  }
}
