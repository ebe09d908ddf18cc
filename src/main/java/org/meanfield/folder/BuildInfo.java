package org.meanfield.folder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The build that is running: the tool's version and the git commit it was built from (with
 * {@code -dirty} when the working tree had changes), from {@code git.properties}, which the build
 * writes (git-commit-id-maven-plugin). config.json and summary.json record both, so every number can
 * be traced to the code that produced it.
 *
 * @param version the project version, or "development" outside a packaged build
 * @param commit the commit id, or "unknown" when the build had no git repository
 */
public record BuildInfo(String version, String commit) {
    /** This JVM's build. */
    public static final BuildInfo CURRENT = load();

    private static BuildInfo load() {
        Properties git = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/meanfield/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            // No build information: say unknown rather than fail a run.
        }
        String version = git.getProperty("git.build.version", "development");
        String commit = git.getProperty("git.commit.id.full", "unknown");
        if (!"unknown".equals(commit) && "true".equals(git.getProperty("git.dirty"))) {
            commit += "-dirty";
        }
        return new BuildInfo(version, commit);
    }

    /** Adds {@code meanfield_version} and {@code git_commit} to {@code node}. */
    public void addTo(ObjectNode node) {
        node.put("meanfield_version", version);
        node.put("git_commit", commit);
    }
}
