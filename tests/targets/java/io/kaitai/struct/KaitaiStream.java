// Stand-in for the runtime's KaitaiStream (see KaitaiStruct.java here).
package io.kaitai.struct;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

public abstract class KaitaiStream {
    protected ByteBuffer bb;

    public boolean isEof() { return !bb.hasRemaining(); }
    public long pos() { return bb.position(); }
    public long size() { return bb.limit(); }
    public void seek(long pos) { bb.position((int) pos); }

    public int readU1() { return bb.get() & 0xff; }
    public int readU2le() { return bb.order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff; }
    public int readU2be() { return bb.order(ByteOrder.BIG_ENDIAN).getShort() & 0xffff; }
    public long readU4le() { return bb.order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL; }
    public long readU4be() { return bb.order(ByteOrder.BIG_ENDIAN).getInt() & 0xffffffffL; }
    public long readU8le() { return bb.order(ByteOrder.LITTLE_ENDIAN).getLong(); }
    public long readU8be() { return bb.order(ByteOrder.BIG_ENDIAN).getLong(); }

    public byte[] readBytes(long n) {
        byte[] out = new byte[(int) n];
        bb.get(out);
        return out;
    }
    public byte[] readBytesFull() { return readBytes(bb.remaining()); }
    public byte[] readBytesTerm(byte term, boolean include, boolean consume, boolean eosError) {
        int start = bb.position();
        for (int i = start; i < bb.limit(); i++) {
            if (bb.get(i) == term) {
                byte[] out = Arrays.copyOfRange(bb.array(), start, include ? i + 1 : i);
                bb.position(consume ? i + 1 : i);
                return out;
            }
        }
        if (eosError) throw new RuntimeException("End of stream reached, but no terminator found");
        return readBytesFull();
    }

    public KaitaiStream substream(long n) {
        return new ByteBufferKaitaiStream(readBytes(n));
    }

    public static int mod(int a, int b) { int r = a % b; return r < 0 ? r + b : r; }
    public static long mod(long a, long b) { long r = a % b; return r < 0 ? r + b : r; }

    public static class UndecidedEndiannessError extends RuntimeException {}

    public static class ValidationNotEqualError extends RuntimeException {
        public ValidationNotEqualError(long expected, long actual, KaitaiStream io, String src) { super(src); }
        public ValidationNotEqualError(byte[] expected, byte[] actual, KaitaiStream io, String src) { super(src); }
        public ValidationNotEqualError(Object expected, Object actual, KaitaiStream io, String src) { super(src); }
    }

    public static class ValidationExprError extends RuntimeException {
        public ValidationExprError(Object actual, KaitaiStream io, String src) { super(src); }
    }
}
