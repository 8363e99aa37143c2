package org.kidsafe.sanitising;

/** The CRC-32 of Ogg pages (polynomial 0x04c11db7, not reflected, initial value 0). */
public final class OggCrc {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
            }
            TABLE[i] = crc;
        }
    }

    private OggCrc() {
    }

    public static int update(int crc, byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ bytes[i]) & 0xff];
        }
        return crc;
    }

    /** CRC of a whole page whose checksum field (bytes 22-25) is zero. */
    public static int of(byte[] page) {
        return update(0, page, 0, page.length);
    }
}
