package org.kidsafe.testsupport;

import org.kidsafe.embedded.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

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
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> holds(file, needle)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file's bytes contain {@code needle}; a file deleted while it is read holds nothing. */
    public static boolean holds(Path file, byte[] needle) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return indexOf(bytes, needle) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            for (int i = 0; i < needle.length; i++) {
                if (haystack[start + i] != needle[i]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }
}
