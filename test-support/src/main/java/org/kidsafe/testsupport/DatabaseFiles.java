package org.kidsafe.testsupport;

import org.kidsafe.embedded.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a copy of a PostgreSQL server's files would reveal (issue 18 item 1): a checkpoint writes every dirty page to
 * its file, the files of one database or relation are found from the server's data directory, and files are searched
 * for raw bytes (a destroyed wrapped key), as an attacker holding a disk image or a file-level backup would.
 */
public final class DatabaseFiles {

    private DatabaseFiles() {
    }

    /** CHECKPOINT, as the bootstrap superuser (the only role allowed over loopback without a password). */
    public static void checkpoint(PostgresServer server) {
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("CHECKPOINT failed", e);
        }
    }

    /** The main file of a relation: {@code pg_relation_filepath}, asked on a connection to its database. */
    public static Path relationFile(Path dataDirectory, Connection database, String relation) throws SQLException {
        try (PreparedStatement query = database.prepareStatement("SELECT pg_relation_filepath(?::regclass)")) {
            query.setString(1, relation);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return dataDirectory.resolve(row.getString(1));
            }
        }
    }

    /** Every regular file under {@code directory} (recursively) whose bytes contain {@code needle}. */
    public static List<Path> filesHolding(Path directory, byte[] needle) {
        return search(directory, Map.of("needle", needle)).stream().map(Finding::file).toList();
    }

    /**
     * Every file under {@code directory} holding one of the needles, each file read once. Files that vanish while the
     * tree is walked (WAL segments recycled, Kafka segments rolled, temporary files) are skipped: what is gone holds nothing.
     */
    public static List<Finding> search(Path directory, Map<String, byte[]> needles) {
        Map<String, String> latin1Needles = new LinkedHashMap<>();
        needles.forEach((what, needle) -> latin1Needles.put(what, latin1(needle)));
        List<Finding> found = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        String bytes = latin1(read(file));
                        latin1Needles.forEach((what, needle) -> {
                            if (bytes.contains(needle)) {
                                found.add(new Finding(what, file));
                            }
                        });
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Whether the file's bytes contain {@code needle}. */
    public static boolean holds(Path file, byte[] needle) {
        return latin1(read(file)).contains(latin1(needle));
    }

    /**
     * Bytes as a Latin-1 string, one character per byte, so a byte search is a string search: the JVM's intrinsic
     * {@code String.indexOf} keeps a scan of a whole data folder (some 150 MB) to a second or two.
     */
    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** One needle found in one file. */
    public record Finding(String what, Path file) {
    }

    /** The file's bytes; a file deleted before it is read holds none. */
    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException gone) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
