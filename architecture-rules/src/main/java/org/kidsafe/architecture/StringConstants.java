package org.kidsafe.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The string literals of a class file (every {@code CONSTANT_String} of its constant pool: literals in
 * code and the values of {@code static final String} fields). ArchUnit does not model literals, and the
 * constant pool is the one place a hard-coded name cannot hide from.
 */
final class StringConstants {

    private StringConstants() {
    }

    static Set<String> of(URI classFile) {
        try (InputStream in = classFile.toURL().openStream()) {
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + classFile, e);
        }
    }

    static Set<String> parse(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("Not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Map<Integer, String> utf8 = new HashMap<>();
        Set<Integer> strings = new LinkedHashSet<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(index, in.readUTF());                  // Utf8
                case 8 -> strings.add(in.readUnsignedShort());            // String -> Utf8 index
                case 7, 16, 19, 20 -> in.skipBytes(2);                    // Class, MethodType, Module, Package
                case 15 -> in.skipBytes(3);                               // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);      // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> {                                            // Long, Double take two slots
                    in.skipBytes(8);
                    index++;
                }
                default -> throw new IOException("Unknown constant pool tag " + tag);
            }
        }
        Set<String> literals = new LinkedHashSet<>();
        strings.forEach(i -> literals.add(utf8.get(i)));
        return literals;
    }
}
