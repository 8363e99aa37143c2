package org.kidsafe.sanitising;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies one upload from its stream to the store, checking its structure on the way and leaving
 * out everything that is not needed to show or play it (metadata). Refuses corrupt or truncated
 * input with 422 ({@link SanitisingProblems#corrupt}). Streams: never holds the whole file in memory.
 */
public interface ContentFilter {

    void copy(InputStream in, OutputStream out) throws IOException;
}
